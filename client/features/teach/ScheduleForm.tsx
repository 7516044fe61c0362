import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { tTeach } from '../../i18n/teach.js';
import { navigate } from '../../state/navigation.js';
import {
  assignmentKey,
  assignments,
  assignmentsError,
  LESSON_PASSWORD_MAX,
  loadAssignments,
  scheduleLesson,
  START_NOW_MINUTES,
  startLessonNow,
  type ActionError,
  type ScheduleForm as Form,
} from '../../state/teach.js';
import { schoolDate, schoolTime } from '../../state/timetable.js';
import { ErrorBox } from '../common/ErrorBox.js';

/** A sensible first value: the next quarter hour, for a 45-minute period. */
function defaults(now: number): Pick<Form, 'date' | 'start' | 'end'> {
  const quarter = 15 * 60_000;
  const start = Math.ceil((now + 5 * 60_000) / quarter) * quarter;
  const end = start + 45 * 60_000;
  const sameDay = schoolDate(start) === schoolDate(end);
  return { date: schoolDate(start), start: schoolTime(start), end: sameDay ? schoolTime(end) : '23:59' };
}

/** "Lên lịch tiết học" and "Bắt đầu ngay" for one of the teacher's class + subject pairs. */
export function ScheduleForm() {
  const form = useSignal<Form>({ assignment: '', title: '', password: '', ...defaults(Date.now()) });
  const busy = useSignal(false);
  const error = useSignal<ActionError | null>(null);
  const done = useSignal<string | null>(null);

  useEffect(() => {
    void loadAssignments();
  }, []);
  useEffect(() => {
    const first = assignments.value[0];
    if (!form.value.assignment && first) form.value = { ...form.value, assignment: assignmentKey(first) };
  }, [assignments.value]);

  const run = async (what: 'schedule' | 'now') => {
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    done.value = null;
    const result = what === 'schedule' ? await scheduleLesson(form.value) : await startLessonNow(form.value);
    busy.value = false;
    if (!result.ok) error.value = result.error;
    else if (what === 'now') navigate(`/lesson/${encodeURIComponent(result.value.id)}`);
    else {
      done.value = tTeach('teach.scheduled', { date: schoolDate(result.value.scheduledStart), time: schoolTime(result.value.scheduledStart) });
      form.value = { ...form.value, title: '', password: '' };
    }
  };
  const none = assignments.value.length === 0;
  return (
    <form class="card card--wide" onSubmit={(e) => (e.preventDefault(), void run('schedule'))} noValidate data-testid="teach-form">
      <h2 class="section__title">{tTeach('teach.formHeading')}</h2>
      {assignmentsError.value && <p class="alert alert--error">{assignmentsError.value}</p>}
      {none && !assignmentsError.value && <p class="muted">{tTeach('teach.noAssignments')}</p>}
      <WhenFields form={form} />
      <OptionalFields form={form} />
      {error.value && <ErrorBox error={error.value} testId="teach-error" />}
      {done.value && (
        <p class="alert alert--ok" role="status" data-testid="teach-done">
          {done.value}
        </p>
      )}
      <div class="form__actions form__actions--row">
        <button type="submit" class="button button--primary" disabled={busy.value || none} data-testid="teach-schedule-submit">
          {tTeach('teach.schedule')}
        </button>
        <button type="button" class="button" disabled={busy.value || none} onClick={() => void run('now')} data-testid="teach-start-now">
          {tTeach('teach.startNow', { minutes: START_NOW_MINUTES })}
        </button>
      </div>
    </form>
  );
}

/** Which class and subject, which day, from when to when (the school's local time). */
function WhenFields({ form }: { form: Signal<Form> }) {
  const f = form.value;
  const set = (patch: Partial<Form>) => (form.value = { ...form.value, ...patch });
  return (
    <>
      <label class="field">
        <span class="field__label">{tTeach('teach.classSubject')}</span>
        <select class="field__input" value={f.assignment} onChange={(e) => set({ assignment: e.currentTarget.value })} data-testid="teach-class-subject">
          {assignments.value.map((a) => (
            <option key={assignmentKey(a)} value={assignmentKey(a)}>
              {tTeach('teach.pair', { className: a.className, subject: a.subjectName })}
            </option>
          ))}
        </select>
      </label>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tTeach('teach.date')}</span>
          <input class="field__input" type="date" value={f.date} min={schoolDate(Date.now())} onInput={(e) => set({ date: e.currentTarget.value })} data-testid="teach-date" />
        </label>
        <label class="field">
          <span class="field__label">{tTeach('teach.start')}</span>
          <input class="field__input" type="time" value={f.start} onInput={(e) => set({ start: e.currentTarget.value })} data-testid="teach-start" />
        </label>
        <label class="field">
          <span class="field__label">{tTeach('teach.end')}</span>
          <input class="field__input" type="time" value={f.end} onInput={(e) => set({ end: e.currentTarget.value })} data-testid="teach-end" />
        </label>
      </div>
    </>
  );
}

/** The title and the lesson password, both optional. */
function OptionalFields({ form }: { form: Signal<Form> }) {
  const f = form.value;
  const set = (patch: Partial<Form>) => (form.value = { ...form.value, ...patch });
  return (
    <>
      <label class="field">
        <span class="field__label">{tTeach('teach.title')}</span>
        <input class="field__input" type="text" maxLength={200} value={f.title} placeholder={tTeach('teach.titlePlaceholder')} onInput={(e) => set({ title: e.currentTarget.value })} data-testid="teach-title" />
      </label>
      <label class="field">
        <span class="field__label">{tTeach('teach.password')}</span>
        <input
          class="field__input"
          type="text"
          autocomplete="off"
          maxLength={LESSON_PASSWORD_MAX}
          value={f.password}
          placeholder={tTeach('teach.passwordPlaceholder')}
          onInput={(e) => set({ password: e.currentTarget.value })}
          data-testid="teach-password"
        />
      </label>
      <p class="muted form__hint">{tTeach('teach.passwordHint')}</p>
    </>
  );
}

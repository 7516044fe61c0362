import { useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import type { ClassStudentsJson } from '../../net/apiWork.js';
import { describeApiError } from '../../state/api.js';
import { createAssignment, loadClassStudents } from '../../state/work.js';

function inDays(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The teacher gives an assignment to the chosen class + subject (or to some of its students), opening now or later. */
export function NewAssignmentForm({ classId, subjectId, onCreated }: { classId: string; subjectId: string; onCreated(): void }) {
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [dueDate, setDueDate] = useState(inDays(7));
  const [dueTime, setDueTime] = useState('21:00');
  const [acceptLate, setAcceptLate] = useState(false);
  const [latePenalty, setLatePenalty] = useState('0');
  const [openDate, setOpenDate] = useState('');
  const [openTime, setOpenTime] = useState('07:00');
  const [some, setSome] = useState(false);
  const [students, setStudents] = useState<ClassStudentsJson['students'] | null>(null);
  const [studentIds, setStudentIds] = useState<string[]>([]);
  const chooseSome = async (on: boolean) => {
    setSome(on);
    if (!on) return setStudentIds([]);
    try {
      setStudents(await loadClassStudents(classId, subjectId));
    } catch (e) {
      setMessage({ ok: false, text: describeApiError(e) });
    }
  };
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    if (some && studentIds.length === 0) {
      setBusy(false);
      return setMessage({ ok: false, text: tWork('work.chooseStudents') });
    }
    const r = await createAssignment({ classId, subjectId, title, instructions, dueDate, dueTime, acceptLate, latePenalty, openDate, openTime, studentIds: some ? studentIds : [] });
    setBusy(false);
    if (!r.ok) return setMessage({ ok: false, text: r.error });
    setMessage({ ok: true, text: tWork('work.created', { title: r.assignment.title }) });
    setTitle('');
    setInstructions('');
    onCreated();
  };
  return (
    <form class="card form" onSubmit={(e) => void submit(e)} data-testid="work-form">
      <h2 class="section__title">{tWork('work.create')}</h2>
      <label class="field">
        <span class="field__label">{tWork('work.title')}</span>
        <input class="field__input" data-testid="work-title" value={title} maxLength={200} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        <span class="field__label">{tWork('work.instructionsLabel')}</span>
        <textarea class="field__input" data-testid="work-instructions" rows={5} value={instructions} onInput={(e) => setInstructions((e.target as HTMLTextAreaElement).value)} />
      </label>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tWork('work.openDate')}</span>
          <input class="field__input" type="date" data-testid="work-open-date" value={openDate} onInput={(e) => setOpenDate((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field__label">{tWork('work.openTime')}</span>
          <input class="field__input" type="time" data-testid="work-open-time" value={openTime} disabled={!openDate} onInput={(e) => setOpenTime((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tWork('work.dueDate')}</span>
          <input class="field__input" type="date" data-testid="work-due-date" value={dueDate} onInput={(e) => setDueDate((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field__label">{tWork('work.dueTime')}</span>
          <input class="field__input" type="time" data-testid="work-due-time" value={dueTime} onInput={(e) => setDueTime((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="work-some" checked={some} onChange={(e) => void chooseSome((e.target as HTMLInputElement).checked)} />
        <span>{tWork('work.someStudents')}</span>
      </label>
      {some && students && (
        <ul class="plain-list work-students">
          {students.map((st) => (
            <li key={st.id}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={studentIds.includes(st.id)}
                  onChange={(e) => setStudentIds((e.target as HTMLInputElement).checked ? [...studentIds, st.id] : studentIds.filter((x) => x !== st.id))}
                  data-testid="work-student"
                  data-student-id={st.id}
                />
                <span>{st.displayName}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <label class="check">
        <input type="checkbox" data-testid="work-accept-late" checked={acceptLate} onChange={(e) => setAcceptLate((e.target as HTMLInputElement).checked)} />
        <span>{tWork('work.acceptLate')}</span>
      </label>
      {acceptLate && (
        <label class="field">
          <span class="field__label">{tWork('work.latePenalty')}</span>
          <input class="field__input" inputMode="decimal" data-testid="work-late-penalty" value={latePenalty} onInput={(e) => setLatePenalty((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <button type="submit" class="button button--primary" disabled={busy} data-testid="work-create">
        {tWork('work.createButton')}
      </button>
      {message && (
        <p class={`alert ${message.ok ? 'alert--ok' : 'alert--error'}`} data-testid={message.ok ? 'work-created' : 'work-error'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

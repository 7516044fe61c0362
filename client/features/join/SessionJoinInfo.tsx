import { t } from '../../i18n/index.js';
import type { TimetableEntry } from '../../net/index.js';
import { currentUser } from '../../state/auth.js';
import { schoolTime } from '../../state/timetable.js';

/** The lesson a signed-in user is about to enter, and the name the class will see. */
export function SessionJoinInfo({ entry }: { entry: TimetableEntry | null }) {
  const user = currentUser.value;
  return (
    <div class="join__lesson" data-testid="join-lesson-info">
      {entry && (
        <>
          <p class="join__lesson-title" data-testid="join-lesson-title">
            {entry.lesson.title || entry.subjectName}
          </p>
          <p class="muted">
            {[entry.subjectName, t('timetable.class', { name: entry.className }), t('timetable.teacher', { name: entry.teacherName })].join(' · ')}
            {' · '}
            {schoolTime(entry.lesson.scheduledStart)}–{schoolTime(entry.lesson.scheduledEnd)}
          </p>
        </>
      )}
      {user && <p class="join__role">{t(entry?.canManage ? 'join.sessionTeacher' : 'join.sessionAs', { name: user.displayName })}</p>}
    </div>
  );
}

/** The lesson's password, asked of a student when the lesson has one. */
export function LessonPasswordField(props: { value: string; onInput: (value: string) => void; wrong: boolean }) {
  return (
    <div class="join__password" data-testid="lesson-password-prompt">
      <label class="field">
        <span class="field__label">{t('join.passwordLabel')}</span>
        <input
          class="field__input"
          type="password"
          autocomplete="off"
          maxLength={64}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          aria-invalid={props.wrong}
          data-testid="lesson-password-input"
        />
      </label>
      <p class="muted form__hint">{t('join.passwordHint')}</p>
    </div>
  );
}

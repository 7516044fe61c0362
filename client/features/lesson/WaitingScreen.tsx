import { t } from '../../i18n/index.js';
import { lessonEntry } from '../../state/lessonEntry.js';
import { leaveLesson } from '../../state/session.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

/**
 * In the lobby until the teacher lets the student in (R3). Says plainly what is happening and
 * that the page must stay open; a refusal ends on the final screen with the teacher's reason.
 */
export function WaitingScreen() {
  const entry = lessonEntry.value;
  return (
    <main class="page page--center" data-testid="waiting-screen">
      <div class="card card--center">
        <div class="card__top card__top--end">
          <LanguageSwitch />
        </div>
        <span class="spinner spinner--large" aria-hidden="true" />
        <h1 class="card__title" aria-live="polite">
          {t('lesson.waiting')}
        </h1>
        {entry && (
          <p class="waiting__lesson" data-testid="waiting-lesson">
            {entry.lesson.title || entry.subjectName} · {t('timetable.class', { name: entry.className })} · {t('timetable.teacher', { name: entry.teacherName })}
          </p>
        )}
        <p class="muted">{t('lesson.waitingHint')}</p>
        <button type="button" class="button" onClick={() => void leaveLesson()} data-testid="leave-button">
          {t('controls.leave')}
        </button>
      </div>
    </main>
  );
}

import { t } from '../../i18n/index.js';
import { leaveLesson } from '../../state/session.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

/** In the lobby until the teacher lets the student in (the lobby's teacher side is phase 2). */
export function WaitingScreen() {
  return (
    <main class="page page--center" data-testid="waiting-screen">
      <div class="card card--center">
        <div class="card__top card__top--end">
          <LanguageSwitch />
        </div>
        <span class="spinner spinner--large" aria-hidden="true" />
        <h1 class="card__title">{t('lesson.waiting')}</h1>
        <p class="muted">{t('lesson.waitingHint')}</p>
        <button type="button" class="button" onClick={() => void leaveLesson()} data-testid="leave-button">
          {t('controls.leave')}
        </button>
      </div>
    </main>
  );
}

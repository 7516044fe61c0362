import { t, type MessageKey } from '../../i18n/index.js';
import { finalState, type FinalReason } from '../../state/connection.js';
import { resetToJoin } from '../../state/session.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

const KEYS: Record<FinalReason, { title: MessageKey; body: MessageKey }> = {
  'lesson-ended': { title: 'final.lessonEnded.title', body: 'final.lessonEnded.body' },
  removed: { title: 'final.removed.title', body: 'final.removed.body' },
  denied: { title: 'final.denied.title', body: 'final.denied.body' },
  unauthenticated: { title: 'final.unauthenticated.title', body: 'final.unauthenticated.body' },
  'not-found': { title: 'final.notFound.title', body: 'final.notFound.body' },
  forbidden: { title: 'final.forbidden.title', body: 'final.forbidden.body' },
  locked: { title: 'final.locked.title', body: 'final.locked.body' },
  'unsupported-version': { title: 'final.unsupportedVersion.title', body: 'final.unsupportedVersion.body' },
  duplicate: { title: 'final.duplicate.title', body: 'final.duplicate.body' },
  left: { title: 'final.left.title', body: 'final.left.body' },
  error: { title: 'final.error.title', body: 'final.error.body' },
};

/** Reasons after which joining again can work. */
const REJOINABLE: ReadonlySet<FinalReason> = new Set(['left', 'duplicate', 'error', 'locked']);

/** The end of the lesson for this page: why, and what the user can do now. */
export function FinalScreen() {
  const state = finalState.value;
  if (!state) return null;
  const keys = KEYS[state.reason];
  return (
    <main class="page page--center" data-testid="final-screen" data-reason={state.reason} data-close-code={state.closeCode ?? ''}>
      <div class="card card--center">
        <div class="card__top card__top--end">
          <LanguageSwitch />
        </div>
        <h1 class="card__title" data-testid="final-title">
          {t(keys.title)}
        </h1>
        <p>{t(keys.body)}</p>
        {state.detail && <p class="muted">{t('final.reason', { reason: state.detail })}</p>}
        <div class="final__actions">
          {state.reason === 'unsupported-version' && (
            <button type="button" class="button button--primary" onClick={() => location.reload()} data-testid="final-reload">
              {t('final.reload')}
            </button>
          )}
          {REJOINABLE.has(state.reason) && (
            <button type="button" class="button button--primary" onClick={resetToJoin} data-testid="final-rejoin">
              {t('final.rejoin')}
            </button>
          )}
          <a class="button button--ghost" href="/" data-testid="final-home">
            {t('final.home')}
          </a>
        </div>
      </div>
    </main>
  );
}

import { useEffect } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { phase } from '../state/connection.js';
import { lessonEntry, lessonEntryError, lessonEntryLoading, loadLessonEntry } from '../state/lessonEntry.js';
import { RequireAuth, Loading } from '../features/auth/RequireAuth.js';
import { Link } from '../features/common/Link.js';
import { FinalScreen } from '../features/final/FinalScreen.js';
import { JoinPage } from '../features/join/JoinPage.js';
import { LessonView } from '../features/lesson/LessonView.js';
import { WaitingScreen } from '../features/lesson/WaitingScreen.js';

/**
 * `/lesson/<id>`: with a join link's token anyone may try; without one the user must be
 * signed in (the session cookie goes with the WebSocket upgrade).
 */
export function LessonRoute({ lessonId, token }: { lessonId: string; token: string }) {
  if (token) return <LessonPhases lessonId={lessonId} token={token} />;
  return (
    <RequireAuth>
      <SessionLesson lessonId={lessonId} />
    </RequireAuth>
  );
}

function SessionLesson({ lessonId }: { lessonId: string }) {
  useEffect(() => {
    void loadLessonEntry(lessonId);
  }, [lessonId]);
  const error = lessonEntryError.value;
  // Once in the lesson, a failed refresh of the entry must not take the lesson away.
  if (phase.value === 'join' && error) {
    return (
      <main class="page page--center" data-testid="lesson-entry-error" data-status={error.status}>
        <div class="card card--center">
          <h1 class="card__title">{error.status === 404 ? t('final.notFound.title') : error.status === 403 ? t('final.forbidden.title') : t('final.error.title')}</h1>
          <p>{error.message}</p>
          <div class="final__actions">
            {error.status !== 404 && error.status !== 403 && (
              <button type="button" class="button button--primary" onClick={() => void loadLessonEntry(lessonId)}>
                {t('join.retryDevices')}
              </button>
            )}
            <Link href="/" class="button button--ghost">
              {t('final.home')}
            </Link>
          </div>
        </div>
      </main>
    );
  }
  if (phase.value === 'join' && (lessonEntryLoading.value || !lessonEntry.value)) return <Loading />;
  return <LessonPhases lessonId={lessonId} token="" />;
}

function LessonPhases({ lessonId, token }: { lessonId: string; token: string }) {
  switch (phase.value) {
    case 'join':
    case 'connecting':
      return <JoinPage lessonId={lessonId} token={token} entry={token ? null : lessonEntry.value} />;
    case 'waiting':
      return <WaitingScreen />;
    case 'live':
      return <LessonView />;
    case 'final':
      return <FinalScreen />;
  }
}

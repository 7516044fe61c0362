import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { mediaHealth, mediaReceiving, phase } from '../state/connection.js';
import { remoteTracks } from '../state/remoteMedia.js';
import { lessonEntry, lessonEntryError, lessonEntryLoading, loadLessonEntry } from '../state/lessonEntry.js';
import { RequireAuth, Loading } from '../features/auth/RequireAuth.js';
import { Link } from '../features/common/Link.js';
import { FinalScreen } from '../features/final/FinalScreen.js';
import { JoinPage } from '../features/join/JoinPage.js';
import { RemoteAudio } from '../features/lesson/RemoteAudio.js';
import { WaitingScreen } from '../features/lesson/WaitingScreen.js';
import { preloadMediaLibrary } from '../media/index.js';
import { preconnect } from '../net/index.js';
import { signalingUrl } from '../state/session.js';
import { registerLessonScreen, screenBeforeMedia } from '../state/entryJoin.js';
import { log } from '../util/log.js';
import { lazyPage, type LazyComponent } from './lazyPage.js';

/**
 * The lesson's screen (tiles, panels, controls of every live feature, ~13 kB gzip, the pages'
 * stylesheet, ~9 kB, and then the reactions' emoji font, ~12 kB) is a chunk of its own, loaded
 * once the media connections are made (LessonScreen below): on a weak link a student downloads
 * only the join page's code before "Vào lớp", and nothing queues ahead of the join and the ICE
 * and DTLS packets before the first sound (issue 10).
 */
const LessonView = lazyPage(() => import('../features/lesson/LessonView.js').then((m) => m.LessonView));

/**
 * While the join page shows: open the WebSocket and fetch mediasoup-client (main.tsx started it),
 * so that "Vào lớp" costs one round trip to the JoinResponse and the media starts on code already
 * here. Not the lesson's screen: bench:netem showed it still downloading when "Vào lớp" was
 * pressed, delaying the join's answer and the handshake (the user's click cannot be foreseen).
 * A user who lingers gets a fresh socket on their next touch or key (the held one is closed
 * before the server's join timeout).
 */
function useJoinHeadStart(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warm = () => preconnect(signalingUrl());
    warm();
    preloadMediaLibrary().catch((error: unknown) => log.info('the media library could not be fetched ahead; it is tried again on joining', error));
    const events = ['pointerdown', 'keydown', 'focusin'] as const;
    for (const e of events) document.addEventListener(e, warm, { passive: true });
    return () => {
      for (const e of events) document.removeEventListener(e, warm);
    };
  }, [active]);
}

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
  useJoinHeadStart(phase.value === 'join');
  switch (phase.value) {
    case 'join':
    case 'connecting':
      return <JoinPage lessonId={lessonId} token={token} entry={token ? null : lessonEntry.value} />;
    case 'waiting':
      return <WaitingScreen />;
    case 'live':
      // The sound does not wait for the lesson's screen (its chunk may still be on the way).
      return (
        <>
          <LessonScreen />
          <RemoteAudio />
        </>
      );
    case 'final':
      return <FinalScreen />;
  }
}

/** The longest the lesson's screen waits for the media connections before it loads anyway. */
export const SCREEN_WAIT_MAX_MS = 4000;
/**
 * With the media set up and nothing announced to receive, how long before the screen loads: the
 * consumers of what is published follow the JoinResponse at once (they usually arrive before the
 * set-up ends), so a lesson that stays silent this long has nothing on the way (the teacher first in).
 */
export const NOTHING_TO_RECEIVE_MS = 500;

/**
 * The lesson's screen, loaded once the media connections are made: the receive transport
 * connected (what the teacher sends can arrive), or the media set up with nothing to receive for
 * NOTHING_TO_RECEIVE_MS, or failed; or after SCREEN_WAIT_MAX_MS; or at once if it is already here
 * (an earlier lesson in this tab), or at once on a join the entry started, its first sound
 * settled (its handshake is done; the media then wait for the screen: state/entryJoin.ts).
 * On a weak link its 20 kB, and the emoji font it then asks for, would otherwise share the link
 * with the ICE and DTLS round trips before the first sound; the sound itself (RemoteAudio) is in
 * the first download. Once shown, it stays.
 */
export function screenAfterMedia(View: LazyComponent<object>) {
  return function LessonScreen() {
    const health = mediaHealth.value;
    const receiving = mediaReceiving.value;
    const expecting = remoteTracks.value.length > 0;
    const setUp = health !== 'idle' && health !== 'connecting';
    const [waited, setWaited] = useState(false);
    const [quiet, setQuiet] = useState(false);
    const shown = useRef(false);
    useEffect(() => {
      const timer = setTimeout(() => setWaited(true), SCREEN_WAIT_MAX_MS);
      return () => clearTimeout(timer);
    }, []);
    useEffect(() => {
      if (!setUp || expecting) return;
      const timer = setTimeout(() => setQuiet(true), NOTHING_TO_RECEIVE_MS);
      return () => clearTimeout(timer);
    }, [setUp, expecting]);
    if (waited || View.loaded() || receiving || screenBeforeMedia.value || health === 'failed' || health === 'restoring' || (quiet && !expecting)) shown.current = true;
    return shown.current ? <View /> : <Loading />;
  };
}

const LessonScreen = screenAfterMedia(LessonView);
registerLessonScreen(() => LessonView.ready());

/**
 * The app's side of the join entry's hand-over (client/joinEntry/handOver.ts): a join the
 * student started on the entry's page goes on as the app's session, on the entry's socket and
 * with the entry's first sound; otherwise the app's join page starts from the name typed there.
 */
import { signal } from '@preact/signals';
import { takeFromEntry } from '../joinEntry/handOver.js';
import { loadTransportController, type TransportControllerLoader } from '../media/index.js';
import { preconnectedWebSocket, type WebSocketFactory } from '../net/index.js';
import { prepareDevices, setJoinDefaults } from './selfMedia.js';
import { joinLesson } from './session.js';

let typedOnEntry = '';

/**
 * A join the entry started is going on here, its first sound settled (playing, or nothing to
 * hear): the lesson's screen loads at once instead of waiting for the media connections
 * (app/LessonRoute.tsx), and the media library waits for the screen (below). On a weak link the
 * app comes after that sound, and the media's video would otherwise fill the link before the
 * screen's chunks are asked for (bench:netem, session 15: the screen at 12-15 s after opening
 * the link). The student hears the teacher through the entry's first sound meanwhile.
 */
export const screenBeforeMedia = signal(false);

/** The longest the media of an entry's join wait for the lesson's screen. */
export const SCREEN_BEFORE_MEDIA_MAX_MS = 4000;

/** The lesson's screen's download, given by app/LessonRoute.tsx (the state does not import the app's screens). */
let loadLessonScreen: () => Promise<void> = () => Promise.resolve();
export function registerLessonScreen(load: () => Promise<void>): void {
  loadLessonScreen = load;
}

/** The media of an entry's join: the library once the lesson's screen is here (or failed, or SCREEN_BEFORE_MEDIA_MAX_MS passed). */
const mediaAfterScreen: TransportControllerLoader = async (options) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capped = new Promise<void>((resolve) => (timer = setTimeout(resolve, SCREEN_BEFORE_MEDIA_MAX_MS)));
  await Promise.race([loadLessonScreen().catch(() => undefined), capped]);
  clearTimeout(timer);
  return loadTransportController(options);
};

/** The name typed on the entry's page before the app came ('' if none). */
export function nameTypedOnEntry(): string {
  return typedOnEntry;
}

/** At the app's start, before its first render. */
export function continueFromEntry(): void {
  const handed = takeFromEntry();
  if (!handed) return;
  typedOnEntry = handed.typedName;
  const join = handed.join;
  if (!join) return;
  // The devices as the app's join page would have them for a student (the entry's JoinRequest said
  // microphone off, camera on); the tracks reach the session whenever they come (prepareDevices).
  setJoinDefaults('student');
  void prepareDevices();
  let adopted = false;
  // The entry's socket once; a reconnection or a redirect opens an ordinary one.
  const createWebSocket: WebSocketFactory = (url, handlers) => {
    if (adopted) return preconnectedWebSocket(url, handlers);
    adopted = true;
    return join.adopt(handlers);
  };
  void join.firstSound
    .then((sound) => sound?.settled)
    .finally(() => {
      screenBeforeMedia.value = true;
    });
  void joinLesson({
    lessonId: join.lessonId,
    joinToken: join.joinToken,
    displayName: join.displayName,
    createWebSocket,
    entryFirstSound: join.firstSound,
    loadTransportController: mediaAfterScreen,
  });
}

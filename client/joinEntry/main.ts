/**
 * The page's first script (client/index.html): the join entry (docs/weak-networks.md "The join
 * entry"). On a student's join link it shows the join page at once in plain DOM (~13 kB instead
 * of the ~80 kB app) and, on "Vào lớp", joins and plays the teacher's microphone on its own
 * (EntryConnection); then it loads the app, which takes over the page, the join and the sound
 * (handOver.ts). On a slow link the app waits until the first sound is connected: downloading
 * beside the join and the handshake, its 66 kB put their packets in a queue seconds long
 * (bench:netem, session 14). Every other route loads the app at once.
 */
import '../styles/join.css';
import type { FirstSound } from '../media/firstSound/FirstSound.js';
import { decodeJoinToken } from '../net/joinToken.js';
import { markOnce } from '../util/timeline.js';
import { EntryConnection } from './EntryConnection.js';
import { showEntryPage } from './entryPage.js';
import { offerToApp, type EntryJoinHandOver } from './handOver.js';
import { adoptEarlySocket } from '../net/earlySocket.js';
import { studentJoinLink } from './joinLink.js';

const NAME_KEY = 'classroom.displayName';
const LANG_KEY = 'classroom.lang';

function stored(key: string): string {
  try {
    return globalThis.localStorage?.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** A student who has not pressed "Vào lớp" by then gets the app's page (camera preview, devices, language) on a slow link too. */
const IDLE_BEFORE_APP_MS = 8000;
/** The longest the app waits for the entry's first sound after "Vào lớp" on a slow link. */
const JOIN_BEFORE_APP_MS = 6000;
/** The entry's own download took longer than this: a slow link (a good one takes ~0.1 s). */
const SLOW_ENTRY_MS = 400;

let appRequested = false;
function loadApp(): void {
  if (appRequested) return;
  appRequested = true;
  markOnce('app-requested');
  void import('../main.js');
}

/** Whether the app should wait for the join's first sound: the browser says the link is slow, or this script's own download was. */
function slowLink(): boolean {
  const connection = (navigator as { connection?: { effectiveType?: string; saveData?: boolean } }).connection;
  if (connection?.saveData || /^(slow-2g|2g|3g)$/.test(connection?.effectiveType ?? '')) return true;
  const own = performance.getEntriesByName?.(import.meta.url)[0] as PerformanceResourceTiming | undefined;
  return own !== undefined && own.responseEnd - own.startTime > SLOW_ENTRY_MS;
}

/** Shows the entry's page on a student's join link; false elsewhere (the app shows the page). */
function startEntry(slow: boolean): boolean {
  const link = studentJoinLink(location, Date.now());
  const root = document.getElementById('app');
  if (!link || !root || stored(LANG_KEY) === 'en' || typeof RTCPeerConnection !== 'function' || typeof WebSocket !== 'function') return false;
  const idle = slow ? setTimeout(loadApp, IDLE_BEFORE_APP_MS) : undefined;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let join: EntryJoinHandOver | null = null;
  const page = showEntryPage(root, decodeJoinToken(link.token)?.name || stored(NAME_KEY), (displayName) => {
    markOnce('join-clicked');
    try {
      globalThis.localStorage?.setItem(NAME_KEY, displayName);
    } catch {
      // not remembered
    }
    page.showJoining();
    // What the app's join page sends for a student who keeps its defaults (microphone off, camera on).
    const connection = new EntryConnection(adoptEarlySocket(url)?.ws ?? new WebSocket(url), {
      lessonId: link.lessonId,
      joinToken: link.token,
      displayName,
      lessonPassword: '',
      micOn: false,
      cameraOn: true,
      mediaAtJoin: true,
    });
    join = { lessonId: link.lessonId, joinToken: link.token, displayName, adopt: (handlers) => connection.adopt(handlers), firstSound: connection.firstSound };
    clearTimeout(idle);
    if (slow) {
      // The link to the join and the handshake first (connected, or nothing to hear, or refused).
      void connection.firstSound.then((s) => s?.settled).finally(loadApp);
      setTimeout(loadApp, JOIN_BEFORE_APP_MS);
    }
    // bench:netem and the tests hear the teacher through the page's debug hook; the app's replaces this one.
    let sound: FirstSound | null = null;
    void connection.firstSound.then((s) => (sound = s));
    // Its state() says "connecting" (the app's hook's shape, as far as the tests read it before the app).
    const scope = globalThis as { __classroom?: unknown };
    scope.__classroom ??= {
      mediaStats: () => sound?.stats() ?? Promise.resolve([]),
      state: () => ({ selfId: null, connection: { phase: 'connecting' }, participants: [] }),
    };
  });
  markOnce('join-page');
  // The offer is read when the app starts: a join started before then goes with it.
  offerToApp({
    get join() {
      return join;
    },
    typedName: () => page.typedName(),
    dismiss: () => page.remove(),
  });
  return true;
}

const slow = slowLink();
if (!startEntry(slow) || !slow) loadApp();

/**
 * The page's first script, inlined in index.html with the join page's styles by the build
 * (inlineJoinEntry.ts): the join entry (docs/weak-networks.md "The join entry"). On a student's
 * join link it shows the join page at once in plain DOM (~11 kB, in the HTML's own response,
 * instead of the ~74 kB app) and, on "Vào lớp", joins and plays the teacher's microphone on its
 * own (EntryConnection); then it loads the app, which takes over the page, the join and the sound
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
import { appFiles } from './appFiles.js';

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
/** The page's own response (this script is in it) took longer than this from the request: a slow link (a good one takes < 0.1 s). */
const SLOW_PAGE_MS = 400;
/** A failed download of the app is tried once more after this (the student is left on the entry's page otherwise). */
const APP_RETRY_MS = 3000;

/** Adds a `<link>` to the head; resolves when it has loaded or failed. */
function addLink(rel: 'modulepreload' | 'stylesheet', href: string): Promise<void> {
  const link = document.createElement('link');
  link.rel = rel;
  link.href = href;
  // As the module's own fetch asks (anonymous CORS), so that the import uses this download.
  link.crossOrigin = '';
  link.setAttribute('data-app-preload', '');
  const done = new Promise<void>((resolve) => {
    link.onload = link.onerror = () => resolve();
  });
  document.head.appendChild(link);
  return done;
}

let appRequested = false;
/**
 * Fetches the app's script, the chunks it imports and its stylesheets at once, and runs it once
 * its styles are there (as Vite's own dynamic import does), so that its first screen is styled.
 */
function loadApp(): void {
  if (appRequested) return;
  appRequested = true;
  markOnce('app-requested');
  const files = appFiles();
  for (const href of [files.script, ...files.preloads]) void addLink('modulepreload', href);
  const styled = Promise.all(files.styles.map((href) => addLink('stylesheet', href)));
  const run = (url: string) => import(/* @vite-ignore */ url);
  void styled
    .then(() => run(files.script))
    .catch((error: unknown) => {
      // A failed download (a TypeError; the browser keeps the failure under that URL): once more
      // under another. An error the app threw while starting is not retried.
      if (!(error instanceof TypeError)) throw error;
      return new Promise((resolve) => setTimeout(resolve, APP_RETRY_MS)).then(() => run(`${files.script}?retry`));
    });
}

/** Whether the app should wait for the join's first sound: the browser says the link is slow, or this page's own download was. */
function slowLink(): boolean {
  const connection = (navigator as { connection?: { effectiveType?: string; saveData?: boolean } }).connection;
  if (connection?.saveData || /^(slow-2g|2g|3g)$/.test(connection?.effectiveType ?? '')) return true;
  const page = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return page !== undefined && page.responseEnd - page.requestStart > SLOW_PAGE_MS;
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

/**
 * The page's first script (client/index.html): the join entry (docs/weak-networks.md "The join
 * entry"). On a student's join link it shows the join page at once in plain DOM (~10 kB instead
 * of the ~74 kB app) and, on "Vào lớp", joins and plays the teacher's microphone on its own
 * (EntryConnection); then, on every route, it loads the app, which takes over the page, the join
 * and the sound (handOver.ts).
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

function startEntry(): void {
  const link = studentJoinLink(location, Date.now());
  const root = document.getElementById('app');
  if (!link || !root || stored(LANG_KEY) === 'en' || typeof RTCPeerConnection !== 'function' || typeof WebSocket !== 'function') return;
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
}

startEntry();
void import('../main.js');

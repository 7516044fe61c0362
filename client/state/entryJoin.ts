/**
 * The app's side of the join entry's hand-over (client/joinEntry/handOver.ts): a join the
 * student started on the entry's page goes on as the app's session, on the entry's socket and
 * with the entry's first sound; otherwise the app's join page starts from the name typed there.
 */
import { signal } from '@preact/signals';
import { takeFromEntry } from '../joinEntry/handOver.js';
import { preconnectedWebSocket, type WebSocketFactory } from '../net/index.js';
import { prepareDevices, setJoinDefaults } from './selfMedia.js';
import { joinLesson } from './session.js';

let typedOnEntry = '';

/**
 * The join the entry started plays the teacher already (its first sound connected): the lesson's
 * screen need not wait for the media connections (app/LessonRoute.tsx). On a weak link the app
 * comes after that sound, and its media's video would otherwise fill the link before the screen's
 * chunk is asked for (bench:netem, session 15: the screen at 12-15 s after opening the link).
 */
export const entrySoundPlaying = signal(false);

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
  void join.firstSound.then(async (sound) => {
    if (!sound) return;
    await sound.settled;
    if (!sound.closed) entrySoundPlaying.value = true;
  });
  void joinLesson({ lessonId: join.lessonId, joinToken: join.joinToken, displayName: join.displayName, createWebSocket, entryFirstSound: join.firstSound });
}

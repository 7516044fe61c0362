import type { LessonSnapshot, Participant, PushOf, ServerPushType, Socket } from '../net/index.js';
import { attendancePart } from './attendance.js';
import { breakoutPart } from './breakout.js';
import { chatPart } from './chat.js';
import { dataSaverPart } from './dataSaver.js';
import { examWatchPart } from './examWatch.js';
import { handsPart } from './hands.js';
import { layoutPart } from './layout.js';
import { lessonPart } from './lesson.js';
import { liveQuizPart } from './liveQuiz.js';
import { lobbyPart } from './lobby.js';
import type { LessonPart } from './LessonPartTypes.js';
import { panelsPart } from './panels.js';
import { handoutPart, questionsPart } from './questions.js';
import { reactionsPart } from './reactions.js';
import { recordingPart } from './recording.js';
import { remoteMediaPart } from './remoteMedia.js';
import { screenSharePart } from './screenShare.js';

/**
 * Every piece of state that lives for one lesson, listed once (conventions §18): a live
 * feature adds its part here, and the session takes its pushes, snapshot and reset from it.
 * An explicit list rather than self-registration on import, so that a part is wired whether
 * or not a component imported its module first (tests, lazily loaded pages).
 */
export const LESSON_PARTS: readonly LessonPart[] = [
  lessonPart,
  chatPart,
  layoutPart,
  // Owned by the media side (state/remoteMedia.ts): who is speaking, and the reset.
  remoteMediaPart,
  dataSaverPart,
  lobbyPart,
  handsPart,
  breakoutPart,
  reactionsPart,
  liveQuizPart,
  questionsPart,
  handoutPart,
  examWatchPart,
  attendancePart,
  panelsPart,
  screenSharePart,
  recordingPart,
];

/** Subscribes every part's pushes; returns the function that unsubscribes them all. */
export function wireParts(pushes: Socket['pushes'], parts: readonly LessonPart[] = LESSON_PARTS): () => void {
  const off: Array<() => void> = [];
  for (const part of parts) {
    for (const type of Object.keys(part.pushes ?? {}) as ServerPushType[]) {
      // Keyed by push type: the handler under `type` takes pushes of exactly that type.
      const handle = part.pushes?.[type] as ((push: PushOf<ServerPushType>) => void) | undefined;
      if (handle) off.push(pushes.on(type, handle));
    }
  }
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

/** Each part takes its fields of the snapshot (inside the caller's batch). */
export function enterParts(snapshot: LessonSnapshot): void {
  for (const part of LESSON_PARTS) part.enter?.(snapshot);
}

export function selfChangedInParts(before: Participant, after: Participant): void {
  for (const part of LESSON_PARTS) part.selfChanged?.(before, after);
}

/** Everything a lesson left in the state, cleared before the next one. */
export function resetParts(): void {
  for (const part of LESSON_PARTS) part.reset();
}

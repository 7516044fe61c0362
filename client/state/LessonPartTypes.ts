import type { LessonSnapshot, Participant, PushOf, ServerPushType } from '../net/index.js';

/** What pushes do to a part's signals: one function per push type the part listens to. */
export type PushHandlers = { readonly [K in ServerPushType]?: (push: PushOf<K>) => void };

/**
 * A piece of the page's state that lives for one lesson: a live feature's signals (hands,
 * reactions, breakout...) or the room's own (participants, chat, lobby...). Each state module
 * declares its part; lessonParts.ts lists them all once, and the session applies pushes,
 * snapshots and resets through that list (docs/client.md "Lesson state parts").
 */
export interface LessonPart {
  readonly name: string;
  /** The pushes this part applies. When several parts listen to one push, they run in list order. */
  readonly pushes?: PushHandlers;
  /** Takes the part's fields of the snapshot, each time we enter the lesson (join, admission, resume). */
  enter?(snapshot: LessonSnapshot): void;
  /** Our own participant changed (a ParticipantUpdated about us): before and after. */
  selfChanged?(before: Participant, after: Participant): void;
  /** Forgets the lesson: before the next join, and back on the join page. */
  reset(): void;
}

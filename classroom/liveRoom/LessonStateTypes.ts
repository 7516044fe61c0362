/**
 * A live lesson's transient state: what is neither a teacher's decision (RoomDecisionTypes)
 * nor a record (attendance), but that the lesson's next room needs to go on where the last
 * one stopped — the recent chat of each room, raised hands, the open breakout groups. It is
 * kept outside the room while the lesson runs (cluster LessonStateStore: Redis when scaled
 * out, the process otherwise), read back when the lesson's room is made again on any node
 * (its node died or drained, or everyone had left), and dropped when the lesson ends. Never in
 * the database. Participant ids change between rooms: what is kept names people by account.
 */

/** Everything kept for one lesson: value slots, and list slots oldest first. */
export interface KeptLessonState {
  readonly values: Readonly<Record<string, string>>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

export const NOTHING_KEPT: KeptLessonState = { values: {}, lists: {} };

/**
 * Where it is kept: the shape of cluster's LessonStateStore (the composition root passes the
 * cluster's; classroom does not import cluster). Values are JSON texts.
 */
export interface LessonStateStore {
  put(lessonId: string, slot: string, value: string, ttlMs: number): Promise<void>;
  append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): Promise<void>;
  load(lessonId: string): Promise<KeptLessonState>;
  clear(lessonId: string): Promise<void>;
}

/** What a room is given to keep its transient state (LessonRoomOptions.kept). */
export interface LessonStateKeeping {
  /** What the lesson's earlier room kept (NOTHING_KEPT for a first room, or when it could not be read). */
  restored: KeptLessonState;
  store: LessonStateStore;
}

/** A live feature's part of it (RoomContext.kept): one value slot under the feature's name. */
export interface FeatureKeeping {
  /** What this feature kept in the lesson's earlier room, parsed; undefined when nothing. Validate before use. */
  readonly restored: unknown;
  /**
   * Keeps `value` (JSON-serialisable) in place of what the feature kept before. Written behind:
   * the change does not wait for it (a live lesson never waits on Redis), and a burst of saves
   * of one slot writes only the newest. Ignored once the room closes.
   */
  save(value: unknown): void;
}

/**
 * How long kept state outlives the lesson's scheduled end: each write sets a TTL of the time
 * left until the scheduled end plus this (an unscheduled or overrunning lesson: this after
 * its last write). Long enough for a lesson that runs over, short enough that chat text does
 * not linger (docs/cluster.md "Privacy").
 */
export const KEEP_AFTER_END_MS = 60 * 60_000;

/** The recent chat kept per room of a lesson: the same bound as what a joiner is shown. */
export function chatSlot(groupId: string): string {
  return groupId === '' ? 'chat' : `chat.${groupId}`;
}

/**
 * What the live room offers a live feature (conventions §18, docs/live-features.md). A feature
 * (raised hands, reactions, breakout groups, a live quiz...) keeps its state and rules in
 * classroom/<feature>/ and reaches the room only through a RoomContext: the room's serial queue,
 * a read-only view of who is present, delivery of its events to an audience, attendance facts,
 * and moves between the rooms of the lesson. The room calls the feature's hooks when people
 * enter and leave and when the lesson ends, and takes its part of the snapshot a (re)joining
 * participant gets. The room holds no feature's state.
 */
import type { Clock, Logger } from '../../platform/index.js';
import type { FeatureKeeping } from './LessonStateTypes.js';
import type { ActivityKind, ChatEntry, LeaveReason, LessonInfo, LessonSnapshot, ParticipantView } from './LiveRoomTypes.js';

/**
 * An event of a feature, told to an audience. `type` is unique across all features: the
 * signaling push table is keyed by it (signaling/features/index.ts checks that no two collide).
 */
export interface FeatureEvent {
  readonly type: string;
}

/**
 * Who hears an event. Only participants inside the lesson hear feature events, never the
 * lobby. The feature chooses, so a decision such as "an answer key goes to teachers only" is
 * made in the domain and tested there.
 */
export type Audience =
  | { readonly to: 'everyone' }
  | { readonly to: 'participant'; readonly participantId: string }
  /** Everyone in one room of the lesson: '' is the main room, otherwise a breakout group. */
  | { readonly to: 'room'; readonly groupId: string }
  | { readonly to: 'teachers' };

export const EVERYONE: Audience = { to: 'everyone' };
export const TEACHERS: Audience = { to: 'teachers' };
export const toParticipant = (participantId: string): Audience => ({ to: 'participant', participantId });
export const toRoom = (groupId: string): Audience => ({ to: 'room', groupId });

/** Who is in the lesson, as a feature may see it. Views are copies, safe to keep. */
export interface PresenceView {
  /** A participant inside the lesson or waiting in its lobby. */
  get(participantId: string): ParticipantView | undefined;
  /** The same, or NotFoundError. */
  require(participantId: string): ParticipantView;
  /** The participant inside the lesson; NotFoundError, or ConflictError NOT_JOINED for the lobby. */
  requireAdmitted(participantId: string): ParticipantView;
  /** requireAdmitted, and a teacher: NotAuthorizedError "Only the teacher can <what>" otherwise. */
  requireTeacher(participantId: string, what: string): ParticipantView;
  /** Everyone inside the lesson (connected or reconnecting), teachers included; not the lobby. */
  admitted(): ParticipantView[];
  /** Everyone inside the lesson who is in one room ('' = the main room). */
  inRoom(groupId: string): ParticipantView[];
  /** The students inside the lesson (connected or reconnecting). */
  students(): ParticipantView[];
}

/** The room as one feature sees it; `E` is the union of that feature's events. */
export interface RoomContext<E extends FeatureEvent = FeatureEvent> {
  readonly lesson: LessonInfo;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly presence: PresenceView;
  /** True once the room closed; an async change re-checks it after each await (conventions §3). */
  readonly closed: boolean;
  /**
   * Runs `change` on the room's serial queue (conventions §12) and resolves with its result:
   * every change of a feature's state goes through here, so all pushes of a lesson are seen in
   * one order. `change` may be async (a durable write before the answer); the queue waits for
   * it. Rejects with ConflictError LESSON_ENDED once the room is closed. Hooks already run on
   * the queue: a hook never calls run (it would be ordered after the change that called it).
   */
  run<T>(change: () => T | Promise<T>): Promise<T>;
  /** Delivers an event to an audience, in the room's order. Only inside `run` or a hook. */
  tell(audience: Audience, event: E): void;
  /** Records an attendance fact (R8) for a participant inside the lesson. */
  record(participantId: string, kind: ActivityKind): void;
  /** The feature changed a field of the participant's view it owns: everyone gets the new view. */
  participantChanged(participantId: string): void;
  /** Moves a participant to another room of the lesson ('' = main room); their media and chat follow. */
  moveTo(participantId: string, groupId: string): void;
  /**
   * The feature's transient state, kept outside the room while the lesson runs so that the
   * lesson's next room (another node after a crash or a drain) starts from it
   * (LessonStateTypes.ts). Name people by account in it: participant ids change between rooms.
   */
  readonly kept: FeatureKeeping;
}

/** The fields of a participant's view that features own (everything else is the room's). */
export type FeatureFlags = Pick<ParticipantView, 'handRaised'>;

/**
 * The hooks of one feature's life in one room. Every hook runs on the room's queue inside the
 * change that caused it, so what it tells is ordered with the room's own events. All hooks are
 * optional, and a feature that needs none (reactions keep nothing) does not implement this.
 * `S` is the feature's part of a snapshot.
 */
export interface LiveFeature<S = unknown> {
  /** This feature's part of the snapshot a participant gets on entering (join, admission, resume). */
  snapshotFor?(participant: ParticipantView): S;
  /** The room ('' = main) a participant goes to on entering; undefined: no opinion. */
  roomOnEntry?(participantId: string): string | undefined;
  /** The fields of a participant's view this feature owns. */
  flagsOf?(participantId: string): Partial<FeatureFlags>;
  /** A participant entered the lesson (joined, was admitted, or came back after the grace period). */
  participantEntered?(participant: ParticipantView): void;
  /** A participant inside the lesson left it, for any reason (participants of the lobby do not count). */
  participantLeft?(participant: ParticipantView, reason: LeaveReason): void;
  /**
   * The reconnection grace period of a room made again from kept state ended: what the
   * feature restored for people who did not come back within it is dropped (and saved).
   */
  restoredGraceEnded?(): void;
  /** A chat message was sent, in the room (main or a group) of `entry.groupId` (a recording keeps those of the main room). */
  chatSent?(entry: ChatEntry): void;
  /** The teacher ended the lesson, after everyone left: forget everything. */
  lessonEnded?(): void;
  /** The room closed (lesson ended, nobody left, server shutting down): stop timers. Nothing can be told. */
  roomClosed?(): void;
}

export type SnapshotOf<F> = F extends LiveFeature<infer S> ? S : never;

/**
 * Names a feature: `room.feature(HANDS)` is the hands feature of that room, typed. The name is
 * the feature's key in `LessonSnapshot.features` and must be unique.
 */
export class FeatureKey<F extends object> {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** This feature's part of a snapshot; undefined when the room runs without the feature. */
  snapshotIn(snapshot: LessonSnapshot): SnapshotOf<F> | undefined {
    // Only this feature's snapshotFor writes the entry under its name (LessonRoom), so the
    // value has the feature's snapshot type.
    return snapshot.features[this.name] as SnapshotOf<F> | undefined;
  }
}

/**
 * How each room gets its instance of a feature. Made once per server (in the composition root)
 * so that it can capture what the feature needs beyond the room, such as its store.
 */
export interface LiveFeatureFactory {
  readonly key: FeatureKey<object>;
  /** The feature's instance for one room: any object; the LiveFeature hooks it has are called. */
  create(ctx: RoomContext): object;
}

/** A factory for a feature whose instance needs only the room. */
export function liveFeature<F extends object, E extends FeatureEvent>(key: FeatureKey<F>, create: (ctx: RoomContext<E>) => F): LiveFeatureFactory {
  return { key, create };
}

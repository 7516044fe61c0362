/**
 * The teacher's decisions that outlive a connection (issue 13.4): the lesson's settings (lock,
 * lobby, unmuting), who was removed, whom the teacher let in from the lobby, and which students
 * may share their screen. A room records each as it is made, before its answer; a room made
 * again for the same lesson (after a restart, a crash, or once everybody had left) starts from
 * them. What a participant does (devices, hands, chat) is not a decision: devices end with
 * them; hands and the recent chat are the lesson's transient state (LessonStateTypes.ts).
 */
import type { LessonSettings } from './LiveRoomTypes.js';

/** The settings a teacher changes in the room (the password is the timetable's). */
export type RoomSettings = Pick<LessonSettings, 'locked' | 'autoAdmit' | 'studentsCanUnmute'>;

export type RoomDecision =
  | { kind: 'settings'; settings: RoomSettings }
  /** Removed by the teacher: never enters this lesson again (docs/protocol.md). */
  | { kind: 'removed'; userId: string }
  /**
   * Let in from the lobby (`admitted: true`), or that admission no longer holds (`false`: the
   * student left, or stayed away past the reconnection grace period).
   */
  | { kind: 'admission'; userIds: string[]; admitted: boolean }
  | { kind: 'screenShare'; userId: string; allowed: boolean };

/** Every decision in force for one lesson. */
export interface RoomDecisions {
  /** Undefined while the teacher never changed them (the lesson's initial settings hold). */
  settings: RoomSettings | undefined;
  removedUsers: string[];
  /** Students the teacher let in who had not left when the room last closed. */
  admittedUsers: string[];
  /** Students allowed to share their screen. */
  screenSharers: string[];
}

export const NO_DECISIONS: RoomDecisions = { settings: undefined, removedUsers: [], admittedUsers: [], screenSharers: [] };

/** Where the decisions are kept (SqlRoomDecisionStore on SQLite and PostgreSQL). */
export interface RoomDecisionStore {
  /** The decisions in force for the lesson (NO_DECISIONS for one never run). */
  load(lessonId: string): Promise<RoomDecisions>;
  /** Stores one decision; resolves once it is durable. */
  record(lessonId: string, decision: RoomDecision, atMs: number): Promise<void>;
}

/** What a room is given to keep its decisions (LessonRoomOptions.decisions). */
export interface RoomDecisionKeeping {
  /** The decisions of earlier rooms of this lesson. */
  restored: RoomDecisions;
  /** Stores one decision of this room; the change that made it answers once this resolves. */
  record(decision: RoomDecision): Promise<void>;
}

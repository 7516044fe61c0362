/** Participation events of live lessons and the attendance table computed from them (R8). */

export type LeaveReason = 'left' | 'disconnected' | 'removed' | 'lesson_ended';
export const LEAVE_REASONS: readonly LeaveReason[] = ['left', 'disconnected', 'removed', 'lesson_ended'];

export type ParticipationKind =
  | 'join'
  | 'leave'
  | 'mic_on'
  | 'mic_off'
  | 'camera_on'
  | 'camera_off'
  | 'screen_on'
  | 'screen_off'
  | 'hand_raised'
  | 'chat_message';

export const PARTICIPATION_KINDS: readonly ParticipationKind[] = [
  'join',
  'leave',
  'mic_on',
  'mic_off',
  'camera_on',
  'camera_off',
  'screen_on',
  'screen_off',
  'hand_raised',
  'chat_message',
];

/** One thing that happened to one participant of one lesson, as it happened. */
export type ParticipationEvent =
  | { lessonId: string; userId: string; at: number; kind: 'leave'; reason: LeaveReason }
  | { lessonId: string; userId: string; at: number; kind: Exclude<ParticipationKind, 'leave'> };

/** An event as stored: `seq` orders events of the same millisecond in arrival order. */
export type StoredParticipationEvent = ParticipationEvent & { seq: number };

/**
 * The append-only participation log. There is no update and no delete: a record of what
 * happened in a lesson is evidence (Circular 09 art. 15), and a correction is a new event.
 */
export interface AttendanceStore {
  /** Validates then stores; resolves once the event is durable. Throws ValidationError on bad input. */
  append(event: ParticipationEvent): Promise<void>;
  /** All or nothing, in one transaction (one durable commit for the batch). */
  appendMany(events: readonly ParticipationEvent[]): Promise<void>;
  /** Every event of a lesson, in order (time, then arrival). */
  eventsForLesson(lessonId: string): Promise<StoredParticipationEvent[]>;
}

/** A node hosting a live lesson, and the last moment it marked itself alive (issue 13.3). */
export interface LessonLiveness {
  lessonId: string;
  nodeId: string;
  aliveAt: number;
}

/** Which node hosts which lesson, for closing the presences a crashed node left open. */
export interface LessonLivenessStore {
  /** The lesson's record, locked until the end of the transaction (PostgreSQL). */
  lock(lessonId: string): Promise<LessonLiveness | undefined>;
  /** Creates or replaces the lesson's record. */
  put(record: LessonLiveness): Promise<void>;
  /** Every lesson `nodeId` hosts is alive at `at`. */
  markAlive(nodeId: string, at: number): Promise<void>;
  /** Records not marked alive since `before`: their host died (or lost the database). */
  staleSince(before: number): Promise<LessonLiveness[]>;
  /** Removes the lesson's record if `nodeId` holds it. */
  remove(lessonId: string, nodeId: string): Promise<void>;
}

/** A student on the class roster, as the table shows them. */
export interface AttendanceRosterEntry {
  userId: string;
  code: string;
  displayName: string;
}

/** A student's live quiz answers in the lesson (the live quiz's store counts them). */
export interface QuizAnswerCount {
  userId: string;
  answers: number;
  correct: number;
}

/** The lesson times the table is measured against. */
export interface AttendanceLessonTimes {
  scheduledStart: number;
  scheduledEnd: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface AttendanceOptions {
  /**
   * A gap in presence no longer than this, after a leave for "disconnected" or "left", counts
   * as continuous presence (a reconnection, a page reload). Default 60000 ms.
   */
  reconnectGraceMs?: number;
  /** First join later than scheduled start + this is "late". Default 300000 ms (5 min). */
  lateAfterMs?: number;
  /**
   * Gone for good more than this before the end (the scheduled end, or the actual end when
   * the lesson ended earlier) is "left early". Default 300000 ms (5 min).
   */
  earlyLeaveBeforeMs?: number;
}

export interface AttendanceRow {
  userId: string;
  code: string;
  displayName: string;
  /** Joined at least once. */
  attended: boolean;
  /** In the lesson at `now` (always false once the lesson ended). */
  presentNow: boolean;
  firstJoinAt: number | null;
  /** Null while present, and for absent students. */
  lastLeaveAt: number | null;
  lastLeaveReason: LeaveReason | null;
  /** Merged presence, with reconnection gaps within the grace period counted. */
  presentMs: number;
  /** Camera / mic / screen on while actually connected. */
  cameraOnMs: number;
  micOnMs: number;
  screenOnMs: number;
  handRaises: number;
  chatMessages: number;
  /** Live quiz questions answered in the lesson, and how many of them right (R8). */
  quizAnswers: number;
  quizCorrect: number;
  joinCount: number;
  late: boolean;
  leftEarly: boolean;
}

export interface AttendanceTable {
  rows: AttendanceRow[];
  /** User ids of roster students who never joined. */
  absent: string[];
  /** Participants with events who are not on the roster (teachers, moved students). */
  notOnRoster: string[];
  generatedAt: number;
}

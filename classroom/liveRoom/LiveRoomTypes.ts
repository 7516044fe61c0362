/**
 * Types of the live lesson: the in-memory room of one lesson with its participants, lobby,
 * chat and supervision rules. Live features (hands, reactions, breakout...) keep their own
 * state in classroom/<feature>/ and reach the room through FeatureTypes.ts. No transport, no
 * media engine.
 */
import type { Clock, Logger, TypedEmitter } from '../../platform/index.js';
import type { LeaveReason, ParticipationKind } from '../attendance/index.js';
import type { Audience, FeatureEvent, LiveFeatureFactory } from './FeatureTypes.js';
import type { LessonStateKeeping } from './LessonStateTypes.js';
import type { RoomDecisionKeeping } from './RoomDecisionTypes.js';

/** Why a participant left; the attendance record keeps the same words. */
export type { LeaveReason };

export type LessonRole = 'teacher' | 'student';
export type MediaSource = 'microphone' | 'camera' | 'screen';
export type ConnectionStatus = 'connected' | 'reconnecting';
export type ConnectionQuality = 'unknown' | 'good' | 'fair' | 'poor';

/** What the lesson shows about itself (from the schedule, or the demo lesson). */
export interface LessonInfo {
  id: string;
  title: string;
  className: string;
  subjectName: string;
  teacherName: string;
  /** ms since epoch; 0 when the lesson was started without a schedule. */
  scheduledStartMs: number;
  scheduledEndMs: number;
}

/** Who is joining, as established by the caller's credentials (never by the client's say-so). */
export interface JoinIdentity {
  userId: string;
  displayName: string;
  role: LessonRole;
  /** A member of the lesson's class (students) or one of its teachers. */
  classMember: boolean;
}

export interface LessonSettings {
  locked: boolean;
  autoAdmit: boolean;
  studentsCanUnmute: boolean;
  passwordRequired: boolean;
}

export interface ParticipantView {
  id: string;
  userId: string;
  displayName: string;
  role: LessonRole;
  connection: ConnectionStatus;
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
  /** Owned by the hands feature (FeatureFlags); false in a room without it. */
  handRaised: boolean;
  quality: ConnectionQuality;
  canShareScreen: boolean;
  /** The room of the lesson the participant is in: '' the main room, else a breakout group's id. */
  groupId: string;
  joinedAtMs: number;
}

export interface LobbyEntry {
  participantId: string;
  userId: string;
  displayName: string;
  waitingSinceMs: number;
  classMember: boolean;
}

export interface ChatEntry {
  id: string;
  participantId: string;
  displayName: string;
  text: string;
  sentAtMs: number;
  groupId: string;
}

/** Everything a newly admitted participant needs to render the lesson. */
export interface LessonSnapshot {
  lesson: LessonInfo;
  self: ParticipantView;
  participants: ParticipantView[];
  recentChat: ChatEntry[];
  settings: LessonSettings;
  /** Only for teachers; empty for students. */
  lobby: LobbyEntry[];
  /**
   * Each live feature's part, under its name; read one with its key: `HANDS.snapshotIn(s)`.
   * Taken on the room's queue together with the rest, so that it matches the pushes that follow.
   */
  features: Readonly<Record<string, unknown>>;
}

export type JoinResult =
  | { status: 'admitted'; participant: ParticipantView; snapshot: LessonSnapshot; resumed: boolean }
  | { status: 'waiting'; participant: ParticipantView };

export interface MediaStateChange {
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
}

/** A fact for the attendance record (R8), emitted as it happens: a participation event kind. */
export type ActivityKind = ParticipationKind;

export interface LessonActivity {
  lessonId: string;
  userId: string;
  participantId: string;
  role: LessonRole;
  kind: ActivityKind;
  atMs: number;
  /** For 'leave'. */
  reason?: LeaveReason;
}

export interface LessonRoomEvents {
  [event: string]: unknown[];
  participantJoined: [participant: ParticipantView];
  participantUpdated: [participant: ParticipantView];
  participantLeft: [participant: ParticipantView, reason: LeaveReason];
  /** The participant's breakout group changed: its media must move to the new room. */
  participantMoved: [participant: ParticipantView, fromGroupId: string];
  lobbyChanged: [entries: LobbyEntry[]];
  admitted: [participant: ParticipantView, snapshot: LessonSnapshot];
  denied: [participant: ParticipantView, reason: string];
  chatMessage: [entry: ChatEntry];
  /** A live feature's event for an audience (FeatureTypes.ts); the signaling slice pushes it. */
  feature: [audience: Audience, event: FeatureEvent];
  settingsChanged: [settings: LessonSettings];
  mediaForcedOff: [participant: ParticipantView, source: MediaSource, byParticipantId: string];
  removed: [participant: ParticipantView, reason: string];
  ended: [byParticipantId: string];
  activity: [activity: LessonActivity];
  closed: [];
}

export interface LessonRoomOptions {
  lesson: LessonInfo;
  /** Initial settings; default: not locked, lobby on (auto-admit off), students may unmute. */
  settings?: Partial<LessonSettings>;
  /** How long a dropped participant stays "reconnecting" before leaving. Default 20000 ms. */
  reconnectGraceMs?: number;
  /** Chat messages kept per room for late joiners. Default 100. */
  chatHistory?: number;
  /** The live features this room runs, each with its own state (FeatureTypes.ts). Default none. */
  features?: readonly LiveFeatureFactory[];
  /** The teacher's decisions of earlier rooms of this lesson, and where this room keeps its own (issue 13.4). Default: none kept. */
  decisions?: RoomDecisionKeeping;
  /** The lesson's transient state kept by its earlier room, and where this room keeps it (LessonStateTypes.ts). Default: not kept. */
  kept?: LessonStateKeeping;
  clock: Clock;
  logger: Logger;
}

export interface LessonRoomApi extends TypedEmitter<LessonRoomEvents> {
  readonly id: string;
  readonly closed: boolean;
  readonly ended: boolean;
}

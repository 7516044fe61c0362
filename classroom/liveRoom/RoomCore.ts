/**
 * The state of one live lesson and the operations every part of the room shares (views,
 * snapshots, leaving, the features' hooks). Private to classroom/liveRoom: the public face is
 * LessonRoom, which runs every change through its serial queue before it reaches this object.
 * Live features keep their own state (FeatureTypes.ts); the core only calls their hooks.
 */
import type { Clock, Logger } from '../../platform/index.js';
import { ChatLog } from './ChatLog.js';
import type { FeatureFlags, LiveFeature } from './FeatureTypes.js';
import type { LessonStateKeeper } from './LessonStateKeeper.js';
import type {
  ActivityKind,
  LeaveReason,
  LessonInfo,
  LessonRoomEvents,
  LessonSettings,
  LessonSnapshot,
  ParticipantView,
} from './LiveRoomTypes.js';
import { Participants, type ParticipantRecord } from './Participants.js';
import type { RoomDecision } from './RoomDecisionTypes.js';

export type Emit = <K extends keyof LessonRoomEvents & string>(event: K, ...args: LessonRoomEvents[K]) => void;

const NO_FLAGS: FeatureFlags = { handRaised: false };

export class RoomCore {
  readonly lesson: LessonInfo;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: Emit;
  readonly participants = new Participants();
  readonly chat: ChatLog;
  /** The live features of this room by name, in the order they were installed. */
  readonly features = new Map<string, LiveFeature>();
  /** Users removed by the teacher: they cannot enter this lesson again (R6). */
  readonly removedUsers = new Set<string>();
  /** Students the teacher allowed to share their screen (kept when they leave and come back). */
  readonly screenSharers = new Set<string>();
  /** Students let in from the lobby whose admission is stored (RoomDecisionTypes 'admission'). */
  readonly admittedFromLobby = new Set<string>();
  /**
   * Admissions restored from an earlier room of this lesson, each until its deadline (the
   * reconnection grace period from the room's start): within it the student is resumed as
   * after a dropped connection, after it they go through the lobby again (docs/protocol.md).
   */
  readonly restoredAdmissions = new Map<string, number>();
  /** Keeps the lesson's transient state (recent chat, features' parts) outside the room; undefined: not kept. */
  kept: LessonStateKeeper | undefined;
  /** Decisions made by the change running now, stored before it answers (LessonRoom.#run). */
  #decisions: RoomDecision[] = [];
  settings: LessonSettings;
  ended = false;

  constructor(lesson: LessonInfo, settings: LessonSettings, chatHistory: number, clock: Clock, logger: Logger, emit: Emit) {
    this.lesson = lesson;
    this.settings = settings;
    this.chat = new ChatLog(chatHistory);
    this.clock = clock;
    this.logger = logger;
    this.emit = emit;
  }

  /** A teacher's decision that must outlive this room (issue 13.4). */
  decide(decision: RoomDecision): void {
    this.#decisions.push(decision);
  }

  /** The decisions made since the last call. */
  takeDecisions(): RoomDecision[] {
    const taken = this.#decisions;
    this.#decisions = [];
    return taken;
  }

  /**
   * A student's stored admission ends (they left, or their grace period ran out): the next
   * time they come, they wait in the lobby like anyone else.
   */
  admissionEnded(p: ParticipantRecord): void {
    if (!this.admittedFromLobby.delete(p.userId)) return;
    this.decide({ kind: 'admission', userIds: [p.userId], admitted: false });
  }

  view(p: ParticipantRecord): ParticipantView {
    return {
      id: p.id,
      userId: p.userId,
      displayName: p.displayName,
      role: p.role,
      connection: p.connection,
      micOn: p.micOn,
      cameraOn: p.cameraOn,
      screenOn: p.screenOn,
      ...this.#flags(p.id),
      quality: p.quality,
      canShareScreen: p.canShareScreen,
      groupId: p.groupId,
      joinedAtMs: p.joinedAtMs,
    };
  }

  snapshotFor(p: ParticipantRecord): LessonSnapshot {
    const self = this.view(p);
    const features: Record<string, unknown> = {};
    this.eachFeature('snapshotFor', (name, f) => {
      if (f.snapshotFor) features[name] = f.snapshotFor(self);
    });
    return {
      lesson: this.lesson,
      self,
      participants: this.participants.admitted().map((x) => this.view(x)),
      recentChat: this.chat.recent(p.groupId, (userId) => this.participants.byUser(userId)?.id),
      settings: { ...this.settings },
      lobby: p.role === 'teacher' ? this.participants.lobby() : [],
      features,
    };
  }

  /** Records a fact for attendance; `atMs` defaults to now. */
  activity(p: ParticipantRecord, kind: ActivityKind, atMs = this.clock.now(), reason?: LeaveReason): void {
    this.emit('activity', {
      lessonId: this.lesson.id,
      userId: p.userId,
      participantId: p.id,
      role: p.role,
      kind,
      atMs,
      ...(reason ? { reason } : {}),
    });
  }

  updated(p: ParticipantRecord): void {
    if (p.admitted) this.emit('participantUpdated', this.view(p));
  }

  /**
   * Takes a participant out of the lesson. For an admitted one, the features forget them first
   * (a raised hand goes down), and devices that were on are recorded as turned off at the same
   * moment, so that attendance time never outlives presence.
   */
  leave(p: ParticipantRecord, reason: LeaveReason, atMs = this.clock.now()): void {
    this.participants.delete(p.id);
    if (!p.admitted) {
      this.emit('lobbyChanged', this.participants.lobby());
      return;
    }
    const view = this.view(p);
    this.eachFeature('participantLeft', (_name, f) => f.participantLeft?.(view, reason));
    if (p.micOn) this.activity(p, 'mic_off', atMs);
    if (p.cameraOn) this.activity(p, 'camera_off', atMs);
    if (p.screenOn) this.activity(p, 'screen_off', atMs);
    this.activity(p, 'leave', atMs, reason);
    this.emit('participantLeft', this.view(p), reason);
  }

  /** Moves a participant to another room of the lesson ('' = main room): media and chat follow. */
  move(p: ParticipantRecord, groupId: string): void {
    if (p.groupId === groupId) return;
    const from = p.groupId;
    p.groupId = groupId;
    this.emit('participantMoved', this.view(p), from);
    this.updated(p);
  }

  /** Admitted students who are in the lesson now (connected or reconnecting). */
  presentStudents(): ParticipantRecord[] {
    return this.participants.admitted().filter((p) => p.role === 'student');
  }

  /**
   * Calls one hook of every feature. A feature that throws is logged and skipped: one broken
   * feature must not stop a participant from leaving or the others from hearing about it.
   */
  eachFeature(hook: string, call: (name: string, feature: LiveFeature) => void): void {
    for (const [name, feature] of this.features) {
      try {
        call(name, feature);
      } catch (err) {
        this.logger.error({ err, feature: name, hook }, 'live feature hook failed');
      }
    }
  }

  #flags(participantId: string): FeatureFlags {
    let flags = NO_FLAGS;
    this.eachFeature('flagsOf', (_name, f) => {
      if (f.flagsOf) flags = { ...flags, ...f.flagsOf(participantId) };
    });
    return flags;
  }
}

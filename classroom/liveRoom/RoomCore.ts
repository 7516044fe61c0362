/**
 * The state of one live lesson and the operations every feature shares (views, snapshots,
 * leaving). Private to classroom/liveRoom: the public face is LessonRoom, which runs every
 * change through its serial queue before it reaches this object.
 */
import type { Clock, Logger } from '../../platform/index.js';
import { Breakout } from './Breakout.js';
import { ChatLog } from './ChatLog.js';
import { HandQueue } from './HandQueue.js';
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

export type Emit = <K extends keyof LessonRoomEvents & string>(event: K, ...args: LessonRoomEvents[K]) => void;

export class RoomCore {
  readonly lesson: LessonInfo;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: Emit;
  readonly participants = new Participants();
  readonly hands = new HandQueue();
  readonly chat: ChatLog;
  readonly breakout = new Breakout();
  /** Users removed by the teacher: they cannot enter this lesson again (R6). */
  readonly removedUsers = new Set<string>();
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
      handRaised: this.hands.has(p.id),
      quality: p.quality,
      canShareScreen: p.canShareScreen,
      groupId: p.groupId,
      joinedAtMs: p.joinedAtMs,
    };
  }

  snapshotFor(p: ParticipantRecord): LessonSnapshot {
    return {
      lesson: this.lesson,
      self: this.view(p),
      participants: this.participants.admitted().map((x) => this.view(x)),
      recentChat: this.chat.recent(p.groupId),
      settings: { ...this.settings },
      handQueue: this.hands.entries(),
      breakout: this.breakout.view(),
      lobby: p.role === 'teacher' ? this.participants.lobby() : [],
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
   * Takes a participant out of the lesson. For an admitted one, devices that were on are
   * recorded as turned off at the same moment, so that attendance time never outlives presence.
   */
  leave(p: ParticipantRecord, reason: LeaveReason, atMs = this.clock.now()): void {
    this.participants.delete(p.id);
    if (!p.admitted) {
      this.emit('lobbyChanged', this.participants.lobby());
      return;
    }
    if (this.hands.lower(p.id)) this.emit('handQueueChanged', this.hands.entries());
    if (p.micOn) this.activity(p, 'mic_off', atMs);
    if (p.cameraOn) this.activity(p, 'camera_off', atMs);
    if (p.screenOn) this.activity(p, 'screen_off', atMs);
    this.activity(p, 'leave', atMs, reason);
    this.emit('participantLeft', this.view(p), reason);
  }

  /** Admitted students who are in the lesson now (connected or reconnecting). */
  presentStudents(): ParticipantRecord[] {
    return this.participants.admitted().filter((p) => p.role === 'student');
  }
}

/**
 * Attendance for live lessons (R8): every fact of a room is appended to the store as it happens,
 * and the teacher's live table is read through the same service call as the HTTP route (policy
 * check, personal-data audit, every column).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  actorOfUser,
  participationFromActivity,
  type AttendanceRow,
  type AttendanceService,
  type AttendanceStore,
  type LessonActivity,
  type Storage,
} from '../../classroom/index.js';
import { NotAuthorizedError, UnavailableError, type Logger } from '../../platform/index.js';
import type { AttendanceRowView, ServerBody } from '../codec/messages.js';
import type { AttendanceSource, AttendanceViewer } from '../features/dispatch.js';

function rowView(r: AttendanceRow): AttendanceRowView {
  return {
    userId: r.userId,
    displayName: r.displayName,
    code: r.code,
    presentNow: r.presentNow,
    attended: r.attended,
    firstJoinMs: r.firstJoinAt ?? 0,
    lastLeaveMs: r.lastLeaveAt ?? 0,
    presentMs: r.presentMs,
    cameraOnMs: r.cameraOnMs,
    micOnMs: r.micOnMs,
    screenOnMs: r.screenOnMs,
    handRaises: r.handRaises,
    chatMessages: r.chatMessages,
    quizAnswers: r.quizAnswers,
    quizCorrect: r.quizCorrect,
    late: r.late,
    leftEarly: r.leftEarly,
    joinCount: r.joinCount,
    lastLeaveReason: r.lastLeaveReason ?? '',
  };
}

/** The writes of the facts one request recorded (each resolves true once stored, false if it failed). */
interface RequestFacts {
  writes: Promise<boolean>[];
}

export class StoredAttendance implements AttendanceSource {
  readonly #store: AttendanceStore;
  readonly #storage: Pick<Storage, 'accounts' | 'schools'>;
  readonly #service: AttendanceService;
  readonly #logger: Logger;
  /** The last append's settling (appends commit in order, so it settles after all before it). */
  #lastWrite: Promise<void> = Promise.resolve();
  /**
   * The request whose handler is running, through every await of it (the room's serial queue
   * runs a task in the context of whoever pushed it). Facts are attributed to the request that
   * caused them, so that its answer waits for its own writes and not for the join and leave facts
   * of the other requests interleaving with it (seven pages rejoining after a failover:
   * docs/bench.md "bench:failover").
   */
  readonly #request = new AsyncLocalStorage<RequestFacts>();

  constructor(storage: Pick<Storage, 'attendance' | 'accounts' | 'schools'>, service: AttendanceService, logger: Logger) {
    this.#store = storage.attendance;
    this.#storage = storage;
    this.#service = service;
    this.#logger = logger;
  }

  /** Appends a room's fact; a failed write is logged loudly (the record must be complete). */
  record(activity: LessonActivity): void {
    const write = Promise.resolve()
      .then(() => this.#store.append(participationFromActivity(activity)))
      .then(
        () => true,
        (err: unknown) => {
          this.#logger.error({ err, lessonId: activity.lessonId, kind: activity.kind }, 'attendance event NOT stored');
          return false;
        },
      );
    this.#lastWrite = write.then(() => undefined);
    this.#request.getStore()?.writes.push(write);
  }

  /** Resolves once every fact recorded so far has been written (or has failed, logged). */
  flushed(): Promise<void> {
    return this.#lastWrite;
  }

  async answerWhenStored<T>(handler: () => Promise<T>): Promise<T> {
    const facts: RequestFacts = { writes: [] };
    const answer = await this.#request.run(facts, handler);
    // Facts recorded later in this context (work the handler left running) are not its answer's.
    const stored = await Promise.all(facts.writes);
    if (stored.includes(false)) throw new UnavailableError('The change was made, but the attendance record could not be stored');
    return answer;
  }

  /**
   * The table for a participant of the live lesson, as the HTTP route gives it to a signed-in
   * user: the participant's account is the actor (a guest's join link has none, and is refused
   * like any other user the policy does not allow).
   */
  async report(lessonId: string, viewer: AttendanceViewer): Promise<ServerBody & { type: 'attendance' }> {
    const actor = await actorOfUser(this.#storage.accounts, this.#storage.schools, viewer.userId);
    if (!actor) throw new NotAuthorizedError('Only the teachers of this lesson can see its attendance');
    const table = await this.#service.tableFor(actor, lessonId, { ip: viewer.ip });
    return { type: 'attendance', rows: table.rows.map(rowView), generatedAtMs: table.generatedAt };
  }
}

import { NotFoundError, ValidationError, type Clock } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import { lessonRef } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import type { Lesson } from '../timetable/index.js';
import type { Storage } from '../store/index.js';
import { attendanceCsv, type AttendanceCsvOptions } from './attendanceCsv.js';
import { attendanceTable } from './attendanceTable.js';
import type { AttendanceOptions, AttendanceTable, LeaveReason, ParticipationEvent, ParticipationKind } from './AttendanceTypes.js';

/** The shape of the live room's activity events (classroom/liveRoom LessonActivity). */
export interface ActivityLike {
  lessonId: string;
  userId: string;
  kind: ParticipationKind;
  atMs: number;
  reason?: LeaveReason;
}

/** A live-room activity as a participation event to append. Throws ValidationError for a leave without reason. */
export function participationFromActivity(a: ActivityLike): ParticipationEvent {
  if (a.kind === 'leave') {
    if (!a.reason) throw new ValidationError('A leave needs a reason');
    return { lessonId: a.lessonId, userId: a.userId, kind: 'leave', reason: a.reason, at: a.atMs };
  }
  return { lessonId: a.lessonId, userId: a.userId, kind: a.kind, at: a.atMs };
}

/**
 * Attendance of a lesson for the people allowed to see it (R8), each read recorded in the
 * personal-data audit log (R21). The only way to the table: the HTTP routes and the teacher's
 * live panel (GetAttendanceRequest) both come through tableFor / csvFor, so both check the
 * policy, audit the read and carry every column.
 */
export class AttendanceService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #options: AttendanceOptions;

  /** `options`: the grace period and thresholds of attendanceTable (defaults there). */
  constructor(storage: Storage, deps: { clock: Clock }, options: AttendanceOptions = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#options = options;
  }

  async tableFor(actor: Actor, lessonId: string, origin: { ip: string | null }): Promise<AttendanceTable> {
    const lesson = await this.#lesson(lessonId);
    assertCan(actor, 'attendance.read', lessonRef(lesson));
    await this.#audit(actor, lesson, 'view', origin);
    return this.#compute(lesson);
  }

  /** The CSV export (see attendanceCsv) with a file name for Content-Disposition. */
  async csvFor(actor: Actor, lessonId: string, origin: { ip: string | null }, options: AttendanceCsvOptions = {}): Promise<{ fileName: string; bytes: Buffer }> {
    const lesson = await this.#lesson(lessonId);
    assertCan(actor, 'attendance.read', lessonRef(lesson));
    await this.#audit(actor, lesson, 'export', origin);
    const cls = await this.#storage.schools.getClass(lesson.classId);
    const day = new Date(lesson.scheduledStart + (options.utcOffsetMinutes ?? 420) * 60_000).toISOString().slice(0, 10);
    const fileName = `diem-danh_${(cls?.name ?? 'lop').replace(/[^\p{L}\p{N}_-]+/gu, '-')}_${day}.csv`;
    return { fileName, bytes: attendanceCsv(await this.#compute(lesson), options) };
  }

  /**
   * The same CSV for the school's archive (R17): allowed to whoever may export the archive (the
   * admin, the principal) rather than to the lesson's teachers, and audited like any export.
   */
  async csvForArchive(actor: Actor, lessonId: string, origin: { ip: string | null }, options: AttendanceCsvOptions = {}): Promise<Buffer> {
    const lesson = await this.#lesson(lessonId);
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: lesson.schoolId });
    await this.#audit(actor, lesson, 'export', origin);
    return attendanceCsv(await this.#compute(lesson), options);
  }

  async #compute(lesson: Lesson): Promise<AttendanceTable> {
    const [roster, events, quiz] = await Promise.all([
      this.#storage.schools.rosterOfClass(lesson.classId),
      this.#storage.attendance.eventsForLesson(lesson.id),
      this.#storage.liveQuiz.participationOf(lesson.id),
    ]);
    return attendanceTable({ lesson, roster, events, quiz, now: this.#clock.now(), options: this.#options });
  }

  async #lesson(lessonId: string): Promise<Lesson> {
    const lesson = await this.#storage.lessons.get(lessonId);
    if (!lesson) throw new NotFoundError('No such lesson');
    return lesson;
  }

  #audit(actor: Actor, lesson: Lesson, action: 'view' | 'export', origin: { ip: string | null }): Promise<void> {
    return this.#storage.personalDataAudit.record({
      at: this.#clock.now(),
      actorId: actor.userId,
      schoolId: lesson.schoolId,
      action,
      subjectUserId: null,
      resource: `attendance:lesson:${lesson.id}`,
      ip: origin.ip,
      detail: null,
    });
  }
}

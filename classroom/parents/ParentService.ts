import { NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import { attendanceTable, type ParticipationEvent } from '../attendance/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { VIETNAM_UTC_OFFSET_MINUTES, localToEpochMs, type Lesson } from '../timetable/index.js';
import type { ChildLesson, ChildOverview, ClassAnnouncement, PresenceEvent } from './ParentTypes.js';

export interface ParentServiceOptions {
  clock: Clock;
  /** A reconnection within this counts as continuous presence (the live room's grace). Default 60000 ms. */
  reconnectGraceMs?: number;
  /** Default 420 (Vietnam). */
  utcOffsetMinutes?: number;
}

const DAY = 86_400_000;
/** A parent's page shows two weeks back and two weeks ahead unless asked otherwise; at most 62 days. */
const DEFAULT_BACK_DAYS = 14;
const DEFAULT_AHEAD_DAYS = 14;
const MAX_DAYS = 62;
const ANNOUNCEMENTS_SHOWN = 20;
const TITLE_MAX = 200;
const BODY_MAX = 4000;

/**
 * What a parent follows of a child (R19, R20), read-only: the class's online lessons with the
 * child's attendance in each, and the class's announcements. Who may read a child's page is the
 * policy's `student.readRecord` (the child, their parents, the class's teachers, the admin): a
 * parent asking for another child gets NotAuthorized, an unknown id NotFound.
 */
export class ParentService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #graceMs: number;
  readonly #offset: number;

  constructor(storage: Storage, options: ParentServiceOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.#graceMs = options.reconnectGraceMs ?? 60_000;
    this.#offset = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  }

  async childOverview(actor: Actor, studentId: string, days: { from?: string; to?: string } = {}): Promise<ChildOverview> {
    const s = this.#storage;
    const student = await s.accounts.get(studentId);
    if (student?.role !== 'student' || student.schoolId !== actor.schoolId) throw new NotFoundError('No such student in this school');
    const classId = (await s.schools.classOfStudent(studentId)) ?? null;
    assertCan(actor, 'student.readRecord', { kind: 'student', schoolId: student.schoolId, studentId, classId });
    const { from, to } = this.#range(days);
    const names = new NameLookup(s);
    const child = { id: student.id, displayName: student.displayName, classId, className: classId ? await names.className(classId) : null };
    if (!classId) return { child, from, to, lessons: [], announcements: [] };
    const lessons = await s.lessons.forClass(classId, { from, to, includeCancelled: true });
    const presence = await s.parents.presenceOf(studentId, lessons.filter((l) => l.startedAt !== null).map((l) => l.id));
    const now = this.#clock.now();
    const byLesson = new Map<string, PresenceEvent[]>();
    for (const e of presence) byLesson.set(e.lessonId, [...(byLesson.get(e.lessonId) ?? []), e]);
    const rows = await Promise.all(
      lessons.map(async (l) => ({
        ...this.#childLesson(l, studentId, byLesson.get(l.id) ?? [], now),
        subjectName: (await names.subjectName(l.subjectId)) ?? '',
        teacherName: (await names.userName(l.teacherId)) ?? '',
      })),
    );
    const announcements = await Promise.all(
      (await s.parents.announcementsOf(classId, ANNOUNCEMENTS_SHOWN)).map(async (a) => ({ ...a, authorName: (await names.userName(a.authorId)) ?? '' })),
    );
    return { child, from, to, lessons: rows, announcements };
  }

  /** A teacher of the class (or the admin) writes to the class, its students and their parents. */
  async announce(actor: Actor, classId: string, input: { title: string; body: string }): Promise<ClassAnnouncement> {
    const cls = await this.#storage.schools.getClass(classId);
    if (cls?.schoolId !== actor.schoolId) throw new NotFoundError('No such class in this school');
    assertCan(actor, 'class.announce', { kind: 'class', schoolId: cls.schoolId, classId });
    const a: ClassAnnouncement = {
      id: newId('ann'),
      schoolId: cls.schoolId,
      classId,
      authorId: actor.userId,
      title: plainText(input.title, 'title', TITLE_MAX, false),
      body: plainText(input.body, 'body', BODY_MAX, true),
      createdAt: this.#clock.now(),
    };
    await this.#storage.parents.addAnnouncement(a);
    return a;
  }

  /** The class's announcements, newest first, for anyone who belongs to the class. */
  async announcements(actor: Actor, classId: string): Promise<Array<ClassAnnouncement & { authorName: string }>> {
    const cls = await this.#storage.schools.getClass(classId);
    if (cls?.schoolId !== actor.schoolId) throw new NotFoundError('No such class in this school');
    assertCan(actor, 'class.read', { kind: 'class', schoolId: cls.schoolId, classId });
    const names = new NameLookup(this.#storage);
    return Promise.all((await this.#storage.parents.announcementsOf(classId, ANNOUNCEMENTS_SHOWN)).map(async (a) => ({ ...a, authorName: (await names.userName(a.authorId)) ?? '' })));
  }

  #childLesson(l: Lesson, studentId: string, events: readonly PresenceEvent[], now: number): Omit<ChildLesson, 'subjectName' | 'teacherName'> {
    const base = { lessonId: l.id, title: l.title, scheduledStart: l.scheduledStart, scheduledEnd: l.scheduledEnd, startedAt: l.startedAt, endedAt: l.endedAt };
    const none = { late: false, leftEarly: false, firstJoinAt: null, lastLeaveAt: null, presentMs: 0 };
    if (l.cancelledAt !== null) return { ...base, ...none, state: 'cancelled' };
    if (l.startedAt === null) return { ...base, ...none, state: l.scheduledEnd <= now ? 'not_held' : 'upcoming' };
    // The attendance table's own rules, over the child's events only (a table of one).
    const participation = events.map(
      (e): ParticipationEvent => (e.kind === 'join' ? { lessonId: l.id, userId: studentId, at: e.at, kind: 'join' } : { lessonId: l.id, userId: studentId, at: e.at, kind: 'leave', reason: e.reason ?? 'left' }),
    );
    const table = attendanceTable({ lesson: l, roster: [{ userId: studentId, code: '', displayName: '' }], events: participation, now, options: { reconnectGraceMs: this.#graceMs } });
    const row = table.rows[0]!;
    const state = row.presentNow ? 'in_lesson' : row.attended ? 'present' : 'absent';
    return { ...base, state, late: row.late, leftEarly: row.leftEarly, firstJoinAt: row.firstJoinAt, lastLeaveAt: row.lastLeaveAt, presentMs: row.presentMs };
  }

  #range(days: { from?: string; to?: string }): { from: number; to: number } {
    const now = this.#clock.now();
    const from = days.from ? localToEpochMs(days.from, '00:00', this.#offset) : now - DEFAULT_BACK_DAYS * DAY;
    const to = days.to ? localToEpochMs(days.to, '00:00', this.#offset) + DAY : now + DEFAULT_AHEAD_DAYS * DAY;
    if (to <= from) throw new ValidationError('The period ends before it starts');
    if (to - from > MAX_DAYS * DAY) throw new ValidationError(`A period is at most ${MAX_DAYS} days`);
    return { from, to };
  }
}

/** Trimmed NFC text without control characters (line breaks kept in a body), within its length. */
function plainText(raw: unknown, what: string, max: number, multiline: boolean): string {
  if (typeof raw !== 'string') throw new ValidationError(`The ${what} is text`);
  const controls = multiline ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g;
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(controls, '').trim();
  if (text === '') throw new ValidationError(`The ${what} is empty`);
  if ([...text].length > max) throw new ValidationError(`The ${what} is longer than ${max} characters`);
  return text;
}

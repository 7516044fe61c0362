import { ConflictError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import type { PasswordHasher } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { lessonRef } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import { checkLabel } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { localToEpochMs, startOfMinute, VIETNAM_UTC_OFFSET_MINUTES } from './localTime.js';
import type { LessonServiceOptions, ScheduleInput, StartNowInput, TimetableEntry } from './LessonServiceTypes.js';
import { lessonView, type Lesson, type LessonView, type TimeRange } from './LessonTypes.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Scheduling online lessons and reading timetables (R19). */
export class LessonService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #hasher: PasswordHasher;
  readonly #offset: number;
  readonly #maxDurationMs: number;
  readonly #maxAheadMs: number;
  readonly #defaultDurationMs: number;
  readonly #timetableMs: number;

  constructor(storage: Storage, deps: { clock: Clock; hasher: PasswordHasher }, options: LessonServiceOptions = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#hasher = deps.hasher;
    this.#offset = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
    this.#maxDurationMs = (options.maxDurationMinutes ?? 240) * MINUTE;
    this.#maxAheadMs = (options.maxDaysAhead ?? 370) * DAY;
    this.#defaultDurationMs = (options.defaultDurationMinutes ?? 45) * MINUTE;
    this.#timetableMs = (options.timetableDays ?? 14) * DAY;
  }

  /**
   * A teacher schedules a lesson for a class + subject they teach. The start may be the current
   * minute but not earlier; the end is after the start; the class and the teacher have no other
   * lesson at that time.
   */
  async schedule(actor: Actor, input: ScheduleInput): Promise<LessonView> {
    const start = localToEpochMs(input.date, input.start, this.#offset);
    const end = localToEpochMs(input.date, input.end, this.#offset);
    const now = this.#clock.now();
    if (start < startOfMinute(now)) throw new ValidationError('A lesson cannot be scheduled in the past');
    if (start > now + this.#maxAheadMs) throw new ValidationError('That date is too far ahead');
    return this.#create(actor, input, start, end, null);
  }

  /** A teacher starts a lesson now (not scheduled beforehand); it is live at once. */
  async startNow(actor: Actor, input: StartNowInput): Promise<LessonView> {
    const minutes = input.durationMinutes ?? this.#defaultDurationMs / MINUTE;
    if (!Number.isInteger(minutes) || minutes < 1) throw new ValidationError('A duration is a whole number of minutes');
    const now = this.#clock.now();
    return this.#create(actor, input, now, now + minutes * MINUTE, now);
  }

  async get(lessonId: string): Promise<LessonView> {
    return lessonView(await this.#require(lessonId));
  }

  /** The lesson, after checking that `actor` may read it. */
  async getFor(actor: Actor, lessonId: string): Promise<LessonView> {
    const lesson = await this.#require(lessonId);
    assertCan(actor, 'lesson.read', lessonRef(lesson));
    return lessonView(lesson);
  }

  /** One lesson as its timetable entry (with names), for the people who may read it. */
  async entryFor(actor: Actor, lessonId: string): Promise<TimetableEntry> {
    const lesson = await this.#require(lessonId);
    assertCan(actor, 'lesson.read', lessonRef(lesson));
    return this.#entry(lesson, new NameLookup(this.#storage));
  }

  /** Cancels a lesson that has not started (its teacher, or the admin). */
  async cancel(actor: Actor, lessonId: string): Promise<void> {
    const lesson = await this.#require(lessonId);
    assertCan(actor, 'lesson.manage', lessonRef(lesson));
    if (!(await this.#storage.lessons.cancel(lessonId, this.#clock.now()))) throw new ConflictError('Only a lesson that has not started can be cancelled');
  }

  /** For the live room: records the actual start (once). */
  async markStarted(lessonId: string): Promise<LessonView> {
    const lesson = await this.#storage.lessons.markStarted(lessonId, this.#clock.now());
    if (!lesson) throw new NotFoundError('No such lesson');
    if (lesson.cancelledAt !== null) throw new ConflictError('The lesson was cancelled', 'LESSON_ENDED');
    return lessonView(lesson);
  }

  /** For the live room: records the actual end (once). */
  async markEnded(lessonId: string): Promise<LessonView> {
    const lesson = await this.#storage.lessons.markEnded(lessonId, this.#clock.now());
    if (!lesson) throw new NotFoundError('No such lesson');
    return lessonView(lesson);
  }

  /** True when the lesson has no password or `password` is it. */
  async checkPassword(lessonId: string, password: string): Promise<boolean> {
    const lesson = await this.#require(lessonId);
    if (lesson.passwordHash === null) return true;
    return typeof password === 'string' && this.#hasher.verify(lesson.passwordHash, password);
  }

  /** The upcoming, running and cancelled lessons of a student's class (default: the next 14 days). */
  async timetableForStudent(studentId: string, range?: TimeRange): Promise<TimetableEntry[]> {
    const classId = await this.#storage.schools.classOfStudent(studentId);
    return classId ? this.#entries(await this.#storage.lessons.forClass(classId, this.#range(range))) : [];
  }

  /** The same for every child of a parent, merged in time order. */
  async timetableForParent(parentId: string, range?: TimeRange): Promise<TimetableEntry[]> {
    const children = await this.#storage.schools.childrenOf(parentId);
    const classes = new Set<string>();
    for (const child of children) {
      const classId = await this.#storage.schools.classOfStudent(child);
      if (classId) classes.add(classId);
    }
    return this.#entries(await this.#storage.lessons.forClasses([...classes], this.#range(range)));
  }

  async timetableForClass(actor: Actor, classId: string, range?: TimeRange): Promise<TimetableEntry[]> {
    const cls = await this.#storage.schools.getClass(classId);
    if (!cls) throw new NotFoundError('No such class');
    assertCan(actor, 'timetable.read', { kind: 'class', schoolId: cls.schoolId, classId });
    return this.#entries(await this.#storage.lessons.forClass(classId, this.#range(range)));
  }

  async timetableForTeacher(teacherId: string, range?: TimeRange): Promise<TimetableEntry[]> {
    return this.#entries(await this.#storage.lessons.forTeacher(teacherId, this.#range(range)));
  }

  async #create(actor: Actor, input: ScheduleInput | StartNowInput, start: number, end: number, startedAt: number | null): Promise<LessonView> {
    if (end <= start) throw new ValidationError('A lesson ends after it starts');
    if (end - start > this.#maxDurationMs) throw new ValidationError(`A lesson lasts at most ${this.#maxDurationMs / MINUTE} minutes`);
    const [cls, subject] = await Promise.all([this.#storage.schools.getClass(input.classId), this.#storage.schools.getSubject(input.subjectId)]);
    if (!cls || !subject || cls.schoolId !== subject.schoolId) throw new NotFoundError('No such class or subject');
    assertCan(actor, 'lesson.schedule', { kind: 'class_subject', schoolId: cls.schoolId, classId: cls.id, subjectId: subject.id });
    const title = checkLabel(input.title ?? `${subject.name} – ${cls.name}`, 200);
    if (!title.ok) throw new ValidationError(`Invalid title (${title.reason})`);
    const passwordHash = await this.#lessonPasswordHash(input.password);
    const lesson: Lesson = {
      id: newId('les'),
      schoolId: cls.schoolId,
      classId: cls.id,
      subjectId: subject.id,
      teacherId: actor.userId,
      title: title.value,
      scheduledStart: start,
      scheduledEnd: end,
      startedAt,
      endedAt: null,
      cancelledAt: null,
      passwordHash,
      createdAt: this.#clock.now(),
    };
    const range = { from: start, to: end };
    await this.#storage.transaction(async (tx) => {
      await tx.lessons.lockTimetables(cls.id, actor.userId);
      if ((await tx.lessons.forClass(cls.id, range)).length > 0) throw new ConflictError(`Class ${cls.name} already has a lesson at that time`);
      if ((await tx.lessons.forTeacher(actor.userId, range)).length > 0) throw new ConflictError('You already have a lesson at that time');
      await tx.lessons.create(lesson);
    });
    return lessonView(lesson);
  }

  async #lessonPasswordHash(password: string | undefined): Promise<string | null> {
    if (password === undefined || password === '') return null;
    if (typeof password !== 'string' || [...password].length < 4 || [...password].length > 64) throw new ValidationError('A lesson password has 4 to 64 characters');
    return this.#hasher.hash(password);
  }

  async #require(lessonId: string): Promise<Lesson> {
    const lesson = await this.#storage.lessons.get(lessonId);
    if (!lesson) throw new NotFoundError('No such lesson');
    return lesson;
  }

  /** A timetable's window (default: now to now + the timetable span), cancelled lessons included. */
  #range(range: TimeRange | undefined): TimeRange {
    if (range) return { ...range, includeCancelled: true };
    const now = this.#clock.now();
    return { from: now, to: now + this.#timetableMs, includeCancelled: true };
  }

  /** Adds the names a reader needs, loading each class, subject and teacher once. */
  #entries(lessons: Lesson[]): Promise<TimetableEntry[]> {
    const names = new NameLookup(this.#storage);
    return Promise.all(lessons.map((l) => this.#entry(l, names)));
  }

  async #entry(l: Lesson, names: NameLookup): Promise<TimetableEntry> {
    const [className, subjectName, teacherName] = await Promise.all([names.className(l.classId), names.subjectName(l.subjectId), names.userName(l.teacherId)]);
    return { lesson: lessonView(l), className: className ?? '', subjectName: subjectName ?? '', teacherName: teacherName ?? '' };
  }
}

import type { Queryable, Row } from '../store/index.js';
import { optionalNumber, optionalString, placeholderList } from '../store/index.js';
import type { Lesson, LessonStore, TimeRange } from './LessonTypes.js';

const COLUMNS =
  'id, school_id, class_id, subject_id, teacher_id, title, scheduled_start, scheduled_end, started_at, ended_at, cancelled_at, password_hash, created_at';

/** Overlap with [from, to) of the lesson's effective span (an overrun lesson ends when it ended). Lists order by start, a cancelled lesson after the one that replaced it. */
const OVERLAPS = 'scheduled_start < ? AND COALESCE(ended_at, scheduled_end) > ?';

function inRange(range: TimeRange): string {
  return range.includeCancelled ? OVERLAPS : `cancelled_at IS NULL AND ${OVERLAPS}`;
}

export class SqlLessonStore implements LessonStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async lockTimetables(classId: string, teacherId: string): Promise<void> {
    // A no-op UPDATE row-locks on PostgreSQL (SELECT ... FOR UPDATE is not SQLite syntax); on
    // SQLite the transaction's BEGIN IMMEDIATE already serializes every writer. Class first,
    // then teacher, in every transaction: a fixed order cannot deadlock.
    await this.#q.run('UPDATE classes SET name = name WHERE id = ?', [classId]);
    await this.#q.run('UPDATE users SET updated_at = updated_at WHERE id = ?', [teacherId]);
  }

  async create(l: Lesson): Promise<void> {
    await this.#q.run(`INSERT INTO lessons (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      l.id,
      l.schoolId,
      l.classId,
      l.subjectId,
      l.teacherId,
      l.title,
      l.scheduledStart,
      l.scheduledEnd,
      l.startedAt,
      l.endedAt,
      l.cancelledAt,
      l.passwordHash,
      l.createdAt,
    ]);
  }

  async get(id: string): Promise<Lesson | undefined> {
    const r = await this.#q.one(`SELECT ${COLUMNS} FROM lessons WHERE id = ?`, [id]);
    return r && toLesson(r);
  }

  async markStarted(id: string, at: number): Promise<Lesson | undefined> {
    await this.#q.run('UPDATE lessons SET started_at = ? WHERE id = ? AND started_at IS NULL AND cancelled_at IS NULL', [at, id]);
    return this.get(id);
  }

  async markEnded(id: string, at: number): Promise<Lesson | undefined> {
    await this.#q.run(
      'UPDATE lessons SET ended_at = ?, started_at = COALESCE(started_at, ?) WHERE id = ? AND ended_at IS NULL AND cancelled_at IS NULL',
      [at, at, id],
    );
    return this.get(id);
  }

  async cancel(id: string, at: number): Promise<boolean> {
    const r = await this.#q.run('UPDATE lessons SET cancelled_at = ? WHERE id = ? AND started_at IS NULL AND cancelled_at IS NULL', [at, id]);
    return r.changes > 0;
  }

  async forClass(classId: string, range: TimeRange): Promise<Lesson[]> {
    return this.forClasses([classId], range);
  }

  async forClasses(classIds: readonly string[], range: TimeRange): Promise<Lesson[]> {
    if (classIds.length === 0) return [];
    const rows = await this.#q.all(
      `SELECT ${COLUMNS} FROM lessons WHERE class_id IN (${placeholderList(classIds.length)}) AND ${inRange(range)} ORDER BY scheduled_start, cancelled_at IS NOT NULL, id`,
      [...classIds, range.to, range.from],
    );
    return rows.map(toLesson);
  }

  async forTeacher(teacherId: string, range: TimeRange): Promise<Lesson[]> {
    const rows = await this.#q.all(`SELECT ${COLUMNS} FROM lessons WHERE teacher_id = ? AND ${inRange(range)} ORDER BY scheduled_start, cancelled_at IS NOT NULL, id`, [
      teacherId,
      range.to,
      range.from,
    ]);
    return rows.map(toLesson);
  }
}

function toLesson(r: Row): Lesson {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    classId: String(r.class_id),
    subjectId: String(r.subject_id),
    teacherId: String(r.teacher_id),
    title: String(r.title),
    scheduledStart: Number(r.scheduled_start),
    scheduledEnd: Number(r.scheduled_end),
    startedAt: optionalNumber(r.started_at),
    endedAt: optionalNumber(r.ended_at),
    cancelledAt: optionalNumber(r.cancelled_at),
    passwordHash: optionalString(r.password_hash),
    createdAt: Number(r.created_at),
  };
}

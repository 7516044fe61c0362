/**
 * The statistics' reads, as one aggregate query per kind over the stored events (R15). The
 * attendance rules are those of the lesson's attendance table (classroom/attendance
 * attendanceTable.ts), applied per lesson and student in SQL so that a term of a whole school
 * (hundreds of thousands of events) never travels to the server process; the contract suite
 * checks both give the same counts for the same events.
 *
 * Per student of the class (today's roster: enrolled, account not disabled) and lesson, over join/leave events up to the lesson's
 * end (or `now` while it runs):
 * - attended: joined at least once;
 * - late: first join later than scheduled start + lateAfterMs;
 * - left early: the last join/leave event is a leave, at a time before the end (the scheduled
 *   end, or the actual end when earlier) minus earlyLeaveBeforeMs, decided once that moment passed.
 * The per-student presence of ended lessons is read from their summaries (presenceSummary.ts,
 * migration 17); only lessons still running or ended since the last sweep fold their events.
 * Indexes (migration 9): lessons (school_id, scheduled_start) and (teacher_id, scheduled_start);
 * attendance_events (lesson_id, kind, user_id, at, seq) answers the per-student fold from the
 * index alone; assignments by school and by teacher with their due date.
 */
import type { Engine, Queryable, Row, SqlParam } from '../store/index.js';
import { optionalNumber } from '../store/index.js';
import { presenceCounts, summarizeEnded } from './presenceSummary.js';
import type { AssignmentFacts, LessonFacts, MaterialApprovalFacts, MaterialUseFacts, PresenceRules, QuestionFacts, StatisticsScope, StatisticsStore } from './StatisticsTypes.js';

function scopeFilter(alias: string, scope: StatisticsScope): { sql: string; params: SqlParam[] } {
  return scope.kind === 'school'
    ? { sql: `${alias}.school_id = ?`, params: [scope.schoolId] }
    : { sql: `${alias}.school_id = ? AND ${alias}.teacher_id = ?`, params: [scope.schoolId, scope.teacherId] };
}

export class SqlStatisticsStore implements StatisticsStore {
  readonly #q: Queryable;
  readonly #engine: Engine;
  readonly #reads: Queryable;

  /**
   * @param q the database (or the transaction) the summaries are written to.
   * @param reads where the report's queries run. Default `q`; on SQLite, a read-only connection
   *   in a worker thread (SqliteReadWorker), so a report of a whole school does not hold the
   *   event loop and with it the live lessons of the node.
   */
  constructor(q: Queryable, engine: Engine, reads: Queryable = q) {
    this.#q = q;
    this.#engine = engine;
    this.#reads = reads;
  }

  async lessonFacts(scope: StatisticsScope, from: number, to: number, now: number, rules: PresenceRules): Promise<LessonFacts[]> {
    const inner = scopeFilter('l2', scope);
    const outer = scopeFilter('l', scope);
    // Per lesson, over today's roster (enrolled, account not disabled, as the attendance table's).
    const counts = presenceCounts(`${inner.sql} AND l2.scheduled_start >= ? AND l2.scheduled_start < ?`, [...inner.params, from, to], now, rules);
    const sql = `
      SELECT l.id, l.class_id, l.subject_id, l.teacher_id, l.scheduled_start, l.scheduled_end, l.started_at, l.ended_at, l.cancelled_at,
        c.attended, c.late, c.left_early
      FROM lessons l
      LEFT JOIN (${counts.sql}) c ON c.lesson_id = l.id
      WHERE ${outer.sql} AND l.scheduled_start >= ? AND l.scheduled_start < ?
      ORDER BY l.scheduled_start, l.id`;
    return (await this.#reads.all(sql, [...counts.params, ...outer.params, from, to])).map(toLessonFacts);
  }

  summarizeEnded(endedBefore: number, limit: number): Promise<number> {
    return summarizeEnded(this.#q, this.#reads, this.#engine, endedBefore, limit);
  }

  async refreshPlannerStatistics(): Promise<void> {
    if (this.#engine === 'postgres') await this.#q.exec('ANALYZE lesson_presence, lesson_presence_summaries');
  }

  async assignmentFacts(scope: StatisticsScope, from: number, to: number): Promise<AssignmentFacts[]> {
    const f = scopeFilter('a', scope);
    // A student counts when the assignment is given to them (the whole class, or chosen) and
    // they are in its class now, as the assignment's own rules say (classroom/authz givenTo).
    const givenTo = `cs.class_id = a.class_id AND u.disabled = 0 AND (a.for_all = 1 OR EXISTS (SELECT 1 FROM assignment_students x WHERE x.assignment_id = a.id AND x.student_id = cs.student_id))`;
    const sql = `
      SELECT a.id, a.class_id, a.subject_id, a.teacher_id, a.due_at,
        (SELECT COUNT(*) FROM class_students cs JOIN users u ON u.id = cs.student_id WHERE ${givenTo}) AS assigned,
        (SELECT COUNT(*) FROM class_students cs JOIN users u ON u.id = cs.student_id WHERE ${givenTo}
           AND EXISTS (SELECT 1 FROM submissions s WHERE s.assignment_id = a.id AND s.student_id = cs.student_id)) AS handed_in,
        (SELECT COUNT(*) FROM assignment_grades g WHERE g.assignment_id = a.id AND g.returned_at IS NOT NULL AND g.score_tenths IS NOT NULL) AS graded,
        (SELECT COALESCE(SUM(g.score_tenths), 0) FROM assignment_grades g WHERE g.assignment_id = a.id AND g.returned_at IS NOT NULL AND g.score_tenths IS NOT NULL) AS score_sum
      FROM assignments a
      WHERE ${f.sql} AND a.due_at >= ? AND a.due_at < ?
      ORDER BY a.due_at, a.id`;
    return (await this.#reads.all(sql, [...f.params, from, to])).map((r) => ({
      assignmentId: String(r.id),
      classId: String(r.class_id),
      subjectId: String(r.subject_id),
      teacherId: String(r.teacher_id),
      dueAt: Number(r.due_at),
      assigned: Number(r.assigned),
      handedIn: Number(r.handed_in),
      graded: Number(r.graded),
      scoreTenthsSum: Number(r.score_sum),
    }));
  }

  async materialFacts(scope: StatisticsScope, from: number, to: number): Promise<{ approved: MaterialApprovalFacts[]; used: MaterialUseFacts[] }> {
    const own = scope.kind === 'teacher' ? { sql: ' AND m.owner_id = ?', params: [scope.teacherId] } : { sql: '', params: [] };
    const approved = await this.#reads.all(
      `SELECT m.id, m.subject_id, m.grade_id, m.owner_id, COUNT(*) AS approvals
       FROM materials m JOIN material_reviews r ON r.material_id = m.id
       WHERE m.school_id = ?${own.sql} AND r.step IN ('principal_approved', 'imported') AND r.at >= ? AND r.at < ?
       GROUP BY m.id, m.subject_id, m.grade_id, m.owner_id`,
      [scope.schoolId, ...own.params, from, to],
    );
    // Openings by students of the class they are in now (the roster rule of the other figures).
    const used = await this.#reads.all(
      `SELECT v.material_id, v.class_id, m.subject_id, m.owner_id, COUNT(DISTINCT v.student_id) AS students
       FROM material_views v JOIN materials m ON m.id = v.material_id
       JOIN class_students cs ON cs.student_id = v.student_id AND cs.class_id = v.class_id
       WHERE v.school_id = ?${own.sql} AND v.opened_at >= ? AND v.opened_at < ?
       GROUP BY v.material_id, v.class_id, m.subject_id, m.owner_id`,
      [scope.schoolId, ...own.params, from, to],
    );
    return {
      approved: approved.map((r) => ({ materialId: String(r.id), subjectId: String(r.subject_id), gradeId: String(r.grade_id), ownerId: String(r.owner_id), approvals: Number(r.approvals) })),
      used: used.map((r) => ({ materialId: String(r.material_id), classId: String(r.class_id), subjectId: String(r.subject_id), ownerId: String(r.owner_id), students: Number(r.students) })),
    };
  }

  async questionFacts(scope: StatisticsScope, from: number, to: number): Promise<QuestionFacts[]> {
    const lessons = scopeFilter('l', scope);
    const live = await this.#reads.all(
      `SELECT l.class_id, l.subject_id, l.teacher_id, COUNT(*) AS n
       FROM lesson_questions q JOIN lessons l ON l.id = q.lesson_id
       WHERE ${lessons.sql} AND q.answered_at >= ? AND q.answered_at < ?
       GROUP BY l.class_id, l.subject_id, l.teacher_id`,
      [...lessons.params, from, to],
    );
    const own = scope.kind === 'teacher' ? { sql: ' AND q.answered_by = ?', params: [scope.teacherId] } : { sql: '', params: [] };
    const board = await this.#reads.all(
      `SELECT q.class_id, q.subject_id, q.answered_by AS teacher_id, COUNT(*) AS n
       FROM qa_questions q
       WHERE q.school_id = ?${own.sql} AND q.answered_at >= ? AND q.answered_at < ?
       GROUP BY q.class_id, q.subject_id, q.answered_by`,
      [scope.schoolId, ...own.params, from, to],
    );
    const out = new Map<string, QuestionFacts>();
    const add = (r: Row, kind: 'live' | 'async') => {
      const key = `${String(r.class_id)}|${String(r.subject_id)}|${String(r.teacher_id)}`;
      let f = out.get(key);
      if (!f) out.set(key, (f = { classId: String(r.class_id), subjectId: String(r.subject_id), teacherId: String(r.teacher_id), live: 0, async: 0 }));
      f[kind] += Number(r.n);
    };
    live.forEach((r) => add(r, 'live'));
    board.forEach((r) => add(r, 'async'));
    return [...out.values()];
  }

  async classSizes(schoolId: string): Promise<Map<string, number>> {
    const rows = await this.#reads.all(
      'SELECT c.id, COUNT(u.id) AS size FROM classes c LEFT JOIN class_students cs ON cs.class_id = c.id LEFT JOIN users u ON u.id = cs.student_id AND u.disabled = 0 WHERE c.school_id = ? GROUP BY c.id',
      [schoolId],
    );
    return new Map(rows.map((r) => [String(r.id), Number(r.size)]));
  }
}

/** SUM over no rows is NULL, and PostgreSQL returns SUM of integers as a numeric string. */
function toLessonFacts(r: Row): LessonFacts {
  return {
    lessonId: String(r.id),
    classId: String(r.class_id),
    subjectId: String(r.subject_id),
    teacherId: String(r.teacher_id),
    scheduledStart: Number(r.scheduled_start),
    scheduledEnd: Number(r.scheduled_end),
    startedAt: optionalNumber(r.started_at),
    endedAt: optionalNumber(r.ended_at),
    cancelledAt: optionalNumber(r.cancelled_at),
    attended: Number(r.attended ?? 0),
    late: Number(r.late ?? 0),
    leftEarly: Number(r.left_early ?? 0),
  };
}

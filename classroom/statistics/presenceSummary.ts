/**
 * The presence of each student in each lesson, as the statistics count it (R15), in SQL for both
 * engines. Per lesson and user who joined at least once, over the join/leave events up to the
 * lesson's end (or `now` while it runs):
 * - first_join_at: the first join;
 * - left_at: when the last join/leave event (by seq) is a leave, the latest leave time, else NULL.
 * An ended lesson's row no longer changes, so it is folded once into lesson_presence (migration
 * 17) by summarizeEnded(); the report reads those rows for lessons marked in
 * lesson_presence_summaries and folds the events only of the others (running, or ended since the
 * last sweep). Appending an event to a lesson drops its mark (SqlAttendanceStore).
 */
import type { Engine, Queryable, SqlParam } from '../store/index.js';
import { atomically, placeholderList } from '../store/index.js';

/** The fold of one lesson's events (alias e) into a presence row; GROUP BY e.lesson_id, e.user_id. */
const FOLD = `e.lesson_id, e.user_id,
  MIN(CASE WHEN e.kind = 'join' THEN e.at END) AS first_join_at,
  CASE WHEN MAX(CASE WHEN e.kind = 'leave' THEN e.seq END) > MAX(CASE WHEN e.kind = 'join' THEN e.seq END)
    THEN MAX(CASE WHEN e.kind = 'leave' THEN e.at END) END AS left_at`;
const JOINED = "HAVING MIN(CASE WHEN e.kind = 'join' THEN e.at END) IS NOT NULL";
const MARKED = 'EXISTS (SELECT 1 FROM lesson_presence_summaries m WHERE m.lesson_id = l2.id)';

const END2 = 'CASE WHEN l2.ended_at IS NOT NULL AND l2.ended_at < l2.scheduled_end THEN l2.ended_at ELSE l2.scheduled_end END';
/** The counts of one lesson (l2) over its presence rows (x) of students on today's roster (u). */
const COUNTS = `COUNT(*) AS attended,
  SUM(CASE WHEN x.first_join_at > l2.scheduled_start + ? THEN 1 ELSE 0 END) AS late,
  SUM(CASE WHEN x.left_at IS NOT NULL AND x.left_at < (${END2}) - ? AND (l2.ended_at IS NOT NULL OR ? >= (${END2}) - ?) THEN 1 ELSE 0 END) AS left_early`;
const ROSTER = 'JOIN class_students cs ON cs.student_id = x.user_id AND cs.class_id = l2.class_id JOIN users u ON u.id = cs.student_id AND u.disabled = 0';

/**
 * Attended, late and left early per lesson that `lessonFilter` (over alias l2) selects, held and
 * not cancelled, counted over today's roster: from the summaries where made (joined to the roster
 * straight from the lessons, no intermediate table), from the events elsewhere. Lessons without
 * anyone are absent. Columns: lesson_id, attended, late, left_early.
 */
export function presenceCounts(lessonFilter: string, filterParams: readonly SqlParam[], now: number, rules: { lateAfterMs: number; earlyLeaveBeforeMs: number }): { sql: string; params: SqlParam[] } {
  const held = `${lessonFilter} AND l2.cancelled_at IS NULL AND l2.started_at IS NOT NULL`;
  const counts: SqlParam[] = [rules.lateAfterMs, rules.earlyLeaveBeforeMs, now, rules.earlyLeaveBeforeMs];
  const sql = `
    SELECT x.lesson_id, ${COUNTS}
    FROM lessons l2 JOIN lesson_presence x ON x.lesson_id = l2.id ${ROSTER}
    WHERE ${held} AND ${MARKED}
    GROUP BY x.lesson_id
    UNION ALL
    SELECT x.lesson_id, ${COUNTS}
    FROM (
      SELECT ${FOLD}
      FROM lessons l2
      JOIN attendance_events e ON e.lesson_id = l2.id AND e.kind IN ('join', 'leave') AND e.at <= COALESCE(l2.ended_at, ?)
      WHERE ${held} AND NOT ${MARKED}
      GROUP BY e.lesson_id, e.user_id
      ${JOINED}
    ) x
    JOIN lessons l2 ON l2.id = x.lesson_id ${ROSTER}
    GROUP BY x.lesson_id`;
  return { sql, params: [...counts, ...filterParams, ...counts, now, ...filterParams] };
}

/**
 * Folds up to `limit` lessons that ended at or before `endedBefore` and have no summary; resolves
 * with how many. Safe beside appends and beside another node's sweep: on PostgreSQL the
 * transaction first takes a lock that waits for appends in flight and holds new ones (and other
 * sweeps) back until it commits, so an event is either folded in or drops the mark after it; on
 * SQLite the single connection serializes transactions anyway. The lessons due are looked for
 * on `reads` (off the event loop on SQLite) and outside the transaction: most sweeps find none
 * and take no lock at all.
 */
export async function summarizeEnded(q: Queryable, reads: Queryable, engine: Engine, endedBefore: number, limit: number): Promise<number> {
  const due = await reads.all(
    `SELECT l2.id FROM lessons l2 WHERE l2.ended_at IS NOT NULL AND l2.ended_at <= ? AND NOT ${MARKED} ORDER BY l2.ended_at, l2.id LIMIT ?`,
    [endedBefore, limit],
  );
  if (due.length === 0) return 0;
  return atomically(q, async (tx) => {
    if (engine === 'postgres') await tx.exec('LOCK TABLE attendance_events IN SHARE ROW EXCLUSIVE MODE');
    // Again under the lock: another node's sweep may have folded some meanwhile.
    const candidates = due.map((r) => String(r.id));
    const still = await tx.all(`SELECT l2.id FROM lessons l2 WHERE l2.id IN (${placeholderList(candidates.length)}) AND NOT ${MARKED}`, candidates);
    const ids = still.map((r) => String(r.id));
    if (ids.length === 0) return 0;
    const list = placeholderList(ids.length);
    await tx.run(`DELETE FROM lesson_presence WHERE lesson_id IN (${list})`, ids);
    await tx.run(
      `INSERT INTO lesson_presence (lesson_id, user_id, first_join_at, left_at)
       SELECT ${FOLD}
       FROM lessons l2
       JOIN attendance_events e ON e.lesson_id = l2.id AND e.kind IN ('join', 'leave') AND e.at <= l2.ended_at
       WHERE l2.id IN (${list})
       GROUP BY e.lesson_id, e.user_id
       ${JOINED}`,
      ids,
    );
    await tx.run(`INSERT INTO lesson_presence_summaries (lesson_id) SELECT id FROM lessons WHERE id IN (${list})`, ids);
    return ids.length;
  });
}

/**
 * Migration 17: the per-lesson, per-student presence summary of the school statistics (R15,
 * classroom/statistics presenceSummary.ts). A report of a term used to fold every join/leave
 * event of the school (~340,000 for 2,000 students) on each request; an ended lesson's events
 * no longer change the figures, so they are folded once into one row per student who joined:
 * - first_join_at: the first join (late is decided from it at read time, with the rules of the day);
 * - left_at: when the last join/leave event is a leave, the latest leave time (left early is
 *   decided from it at read time), else NULL.
 * Only events up to the lesson's end count, as in the attendance table. A lesson has a summary
 * when it has a row in lesson_presence_summaries; appending an event to a lesson removes that row
 * (SqlAttendanceStore), so a summary is never read stale: the report falls back to the events
 * until the sweep folds the lesson again.
 *
 * The backfill below folds every ended lesson as the report did. Its text is written out here
 * and not shared with the store's: an applied migration never changes (checksum).
 */
export const MIGRATION_PRESENCE_SUMMARIES = `
CREATE TABLE lesson_presence_summaries (
  lesson_id TEXT PRIMARY KEY REFERENCES lessons(id)
);
CREATE TABLE lesson_presence (
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL,
  first_join_at BIGINT NOT NULL,
  left_at BIGINT,
  PRIMARY KEY (lesson_id, user_id)
);
CREATE INDEX lesson_presence_user ON lesson_presence (user_id);
INSERT INTO lesson_presence (lesson_id, user_id, first_join_at, left_at)
SELECT e.lesson_id, e.user_id,
  MIN(CASE WHEN e.kind = 'join' THEN e.at END),
  CASE WHEN MAX(CASE WHEN e.kind = 'leave' THEN e.seq END) > MAX(CASE WHEN e.kind = 'join' THEN e.seq END)
    THEN MAX(CASE WHEN e.kind = 'leave' THEN e.at END) END
FROM lessons l
JOIN attendance_events e ON e.lesson_id = l.id AND e.kind IN ('join', 'leave') AND e.at <= l.ended_at
WHERE l.ended_at IS NOT NULL
GROUP BY e.lesson_id, e.user_id
HAVING MIN(CASE WHEN e.kind = 'join' THEN e.at END) IS NOT NULL;
INSERT INTO lesson_presence_summaries (lesson_id) SELECT id FROM lessons WHERE ended_at IS NOT NULL;
`;

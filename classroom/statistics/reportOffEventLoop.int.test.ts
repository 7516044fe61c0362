import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SqliteDatabase, migrate, storageOver, type Storage } from '../store/index.js';
import { SqlStatisticsStore } from './SqlStatisticsStore.js';
import { DEFAULT_PRESENCE_RULES } from './StatisticsTypes.js';

const H = 3_600_000;
const LESSONS = 1_000;
const STUDENTS = 35;
const EVENTS_PER_STUDENT = 8;

/** Runs `fn` while a 5 ms timer measures how late it fires; resolves with fn's result and the worst lag. */
async function withLag<T>(fn: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    maxLagMs = Math.max(maxLagMs, t - last - 5);
    last = t;
  }, 5);
  try {
    // Let the timer fire once before the work starts.
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = performance.now();
    const result = await fn();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { result, maxLagMs };
  } finally {
    clearInterval(timer);
  }
}

describe('statistics on SQLite run off the event loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stats-loop-'));
  let storage: Storage;

  beforeAll(async () => {
    const db = new SqliteDatabase({ file: join(dir, 'classroom.sqlite'), synchronous: 'normal' });
    await migrate(db, MIGRATIONS);
    storage = storageOver(db);
    // A class of 35 and 1,000 ended lessons with 280,000 join/leave events, none summarized yet:
    // the report folds every event, as for lessons ended since the last sweep.
    await db.exec(`
      INSERT INTO schools (id, name, created_at) VALUES ('sch', 'THPT', 0);
      INSERT INTO grades (id, school_id, name, name_key, level) VALUES ('g10', 'sch', 'Khối 10', 'khoi 10', 10);
      INSERT INTO classes (id, school_id, grade_id, name, name_key) VALUES ('c1', 'sch', 'g10', '10A1', '10a1');
      INSERT INTO subjects (id, school_id, name, name_key) VALUES ('math', 'sch', 'Toán', 'toan');
      INSERT INTO users (id, school_id, role, code, username, display_name, password_hash, must_change_password, disabled, created_at, updated_at)
        VALUES ('t1', 'sch', 'teacher', '079000000001', NULL, 'Cô Lan', 'x', 0, 0, 0, 0);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${STUDENTS - 1})
        INSERT INTO users (id, school_id, role, code, username, display_name, password_hash, must_change_password, disabled, created_at, updated_at)
        SELECT 's' || i, 'sch', 'student', printf('%012d', 1000 + i), NULL, 'HS ' || i, 'x', 0, 0, 0, 0 FROM n;
      INSERT INTO class_students (student_id, class_id) SELECT id, 'c1' FROM users WHERE role = 'student';
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LESSONS - 1})
        INSERT INTO lessons (id, school_id, class_id, subject_id, teacher_id, title, scheduled_start, scheduled_end, started_at, ended_at, created_at)
        SELECT printf('les_%05d', i), 'sch', 'c1', 'math', 't1', 'Toán', i * ${H}, i * ${H} + 2700000, i * ${H}, i * ${H} + 2700000, 0 FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LESSONS * STUDENTS * EVENTS_PER_STUDENT - 1})
        INSERT INTO attendance_events (lesson_id, user_id, kind, reason, at)
        SELECT printf('les_%05d', i / ${STUDENTS * EVENTS_PER_STUDENT}), 's' || (i / ${EVENTS_PER_STUDENT} % ${STUDENTS}),
          CASE WHEN i % 2 = 0 THEN 'join' ELSE 'leave' END, CASE WHEN i % 2 = 0 THEN NULL ELSE 'disconnected' END,
          (i / ${STUDENTS * EVENTS_PER_STUDENT}) * ${H} + (i % ${EVENTS_PER_STUDENT}) * 300000 + (i / ${EVENTS_PER_STUDENT} % ${STUDENTS}) * 1000
        FROM n;
    `);
  }, 120_000);

  afterAll(async () => {
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a timer stays within 50 ms of its time while the report of the whole school runs; the same query on the main connection would hold it far longer', async () => {
    const scope = { kind: 'school', schoolId: 'sch' } as const;
    const now = (LESSONS + 1) * H;
    // The worker starts with the first report query (on a server: the summary sweep's, at start).
    await storage.statistics.classSizes('sch');
    const { result, maxLagMs } = await withLag(() => storage.statistics.lessonFacts(scope, 0, now, now, DEFAULT_PRESENCE_RULES));
    expect(result).toHaveLength(LESSONS);
    expect(result.every((f) => f.attended === STUDENTS)).toBe(true);
    expect(maxLagMs).toBeLessThan(50);

    // The guard of this test: the report is big enough that on the event loop it would fail.
    const onMain = new SqlStatisticsStore(storage.db, 'sqlite');
    const { result: same, maxLagMs: onLoop } = await withLag(() => onMain.lessonFacts(scope, 0, now, now, DEFAULT_PRESENCE_RULES));
    expect(same).toEqual(result);
    expect(onLoop).toBeGreaterThan(50);
  });
});

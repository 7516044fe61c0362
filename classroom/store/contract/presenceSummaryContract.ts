import { describe, expect, it } from 'vitest';
import { attendanceTable, type ParticipationEvent } from '../../attendance/index.js';
import { DEFAULT_PRESENCE_RULES, type LessonFacts, type PresenceRules, type StatisticsScope } from '../../statistics/index.js';
import type { Lesson } from '../../timetable/index.js';
import type { Queryable, SqlParam } from '../DatabaseTypes.js';
import { migrate } from '../migrations.js';
import { storageOver } from '../openStorage.js';
import { MIGRATIONS } from '../schema.js';
import type { Storage } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { rng, seedStudents, studentEvents } from './statisticsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const MIN = 60_000;
const H = 60 * MIN;
const NOW = 200 * H;

/**
 * The per-lesson, per-student query of the statistics before the summaries (main at 74f5f0f,
 * SqlStatisticsStore.lessonFacts), word for word: every figure must stay what it gave.
 */
const OLD_LESSON_FACTS = `
  SELECT l.id, l.class_id, l.subject_id, l.teacher_id, l.scheduled_start, l.scheduled_end, l.started_at, l.ended_at, l.cancelled_at,
    COUNT(u.id) AS attended,
    SUM(CASE WHEN u.id IS NOT NULL AND p.first_join > l.scheduled_start + ? THEN 1 ELSE 0 END) AS late,
    SUM(CASE WHEN u.id IS NOT NULL AND p.last_leave_seq > p.last_join_seq
          AND p.last_leave_at < (CASE WHEN l.ended_at IS NOT NULL AND l.ended_at < l.scheduled_end THEN l.ended_at ELSE l.scheduled_end END) - ?
          AND (l.ended_at IS NOT NULL OR ? >= (CASE WHEN l.ended_at IS NOT NULL AND l.ended_at < l.scheduled_end THEN l.ended_at ELSE l.scheduled_end END) - ?)
        THEN 1 ELSE 0 END) AS left_early
  FROM lessons l
  LEFT JOIN (
    SELECT e.lesson_id, e.user_id,
      MIN(CASE WHEN e.kind = 'join' THEN e.at END) AS first_join,
      MAX(CASE WHEN e.kind = 'join' THEN e.seq END) AS last_join_seq,
      MAX(CASE WHEN e.kind = 'leave' THEN e.seq END) AS last_leave_seq,
      MAX(CASE WHEN e.kind = 'leave' THEN e.at END) AS last_leave_at
    FROM lessons l2
    JOIN attendance_events e ON e.lesson_id = l2.id AND e.kind IN ('join', 'leave') AND e.at <= COALESCE(l2.ended_at, ?)
    WHERE l2.school_id = ? AND l2.scheduled_start >= ? AND l2.scheduled_start < ? AND l2.cancelled_at IS NULL AND l2.started_at IS NOT NULL
    GROUP BY e.lesson_id, e.user_id
  ) p ON p.lesson_id = l.id AND p.first_join IS NOT NULL
  LEFT JOIN class_students cs ON cs.student_id = p.user_id AND cs.class_id = l.class_id
  LEFT JOIN users u ON u.id = cs.student_id AND u.disabled = 0
  WHERE l.school_id = ? AND l.scheduled_start >= ? AND l.scheduled_start < ?
  GROUP BY l.id, l.class_id, l.subject_id, l.teacher_id, l.scheduled_start, l.scheduled_end, l.started_at, l.ended_at, l.cancelled_at
  ORDER BY l.scheduled_start, l.id`;

type Counts = Pick<LessonFacts, 'lessonId' | 'attended' | 'late' | 'leftEarly'>;

async function oldFacts(q: Queryable, schoolId: string, now: number, rules: PresenceRules = DEFAULT_PRESENCE_RULES): Promise<Counts[]> {
  const params: SqlParam[] = [rules.lateAfterMs, rules.earlyLeaveBeforeMs, now, rules.earlyLeaveBeforeMs, now, schoolId, 0, 1000 * H, schoolId, 0, 1000 * H];
  return (await q.all(OLD_LESSON_FACTS, params)).map((r) => ({ lessonId: String(r.id), attended: Number(r.attended ?? 0), late: Number(r.late ?? 0), leftEarly: Number(r.left_early ?? 0) }));
}

async function newFacts(s: Storage, scope: StatisticsScope, now = NOW, rules: PresenceRules = DEFAULT_PRESENCE_RULES): Promise<Counts[]> {
  return (await s.statistics.lessonFacts(scope, 0, 1000 * H, now, rules)).map((f) => ({ lessonId: f.lessonId, attended: f.attended, late: f.late, leftEarly: f.leftEarly }));
}

interface Seeded {
  schoolId: string;
  classId: string;
  students: string[];
  lessons: Lesson[];
  events: ParticipationEvent[];
}

/** Two classes, two teachers; lessons ended on time, early, late, still running, never started, cancelled. */
async function seedPresence(s: Storage, append: (events: ParticipationEvent[]) => Promise<void>): Promise<Seeded> {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
  await s.accounts.create(account({ id: 'u_t2', role: 'teacher', code: '079000000002' }));
  const a = await seedStudents(s, ids.classA, 'u_s', 14, 1000);
  const b = await seedStudents(s, ids.classB, 'u_b', 9, 2000);
  const rand = rng(11);
  const lessons: Lesson[] = [];
  const events: ParticipationEvent[] = [];
  for (let i = 0; i < 24; i++) {
    const start = (10 + i * 3) * H;
    const end = start + (i % 5 === 0 ? 90 : 45) * MIN;
    const v = i % 6;
    const endedAt = v === 0 ? end : v === 1 ? end - 20 * MIN : v === 2 ? end + 15 * MIN : v === 3 ? end + 2 * MIN : v === 4 ? end - 3 * MIN : end;
    const inA = i % 3 !== 2;
    lessons.push({
      id: `les_${String(i).padStart(2, '0')}`, schoolId: ids.schoolId, classId: inA ? ids.classA : ids.classB, subjectId: inA ? ids.math : ids.physics,
      teacherId: inA ? 'u_t1' : 'u_t2', title: 't', scheduledStart: start, scheduledEnd: end, startedAt: start, endedAt, cancelledAt: null, passwordHash: null, createdAt: 1,
    });
  }
  const base = { schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, teacherId: 'u_t1', title: 't', cancelledAt: null, passwordHash: null, createdAt: 1 };
  lessons.push({ ...base, id: 'les_run1', scheduledStart: NOW - 20 * MIN, scheduledEnd: NOW + 2 * MIN, startedAt: NOW - 20 * MIN, endedAt: null });
  lessons.push({ ...base, id: 'les_run2', scheduledStart: NOW - 40 * MIN, scheduledEnd: NOW + 20 * MIN, startedAt: NOW - 40 * MIN, endedAt: null });
  lessons.push({ ...base, id: 'les_never', scheduledStart: 150 * H, scheduledEnd: 151 * H, startedAt: null, endedAt: null });
  lessons.push({ ...base, id: 'les_cancel', scheduledStart: 160 * H, scheduledEnd: 161 * H, startedAt: null, endedAt: null });
  for (const lesson of lessons) {
    await s.lessons.create(lesson);
    if (lesson.startedAt === null) continue;
    const people = lesson.classId === ids.classA ? [...a, b[0]!] : [...b, a[0]!];
    events.push(...[...people, lesson.teacherId].flatMap((u) => studentEvents(lesson.id, u, lesson.scheduledStart, lesson.scheduledEnd, rand)).sort((x, y) => x.at - y.at));
  }
  expect(await s.lessons.cancel('les_cancel', 100 * H)).toBe(true);
  await append(events);
  return { schoolId: ids.schoolId, classId: ids.classA, students: a, lessons, events };
}

export function presenceSummaryContract(target: ContractTarget): void {
  describe('StatisticsStore presence summaries', () => {
    const ctx = useStorage(target);

    it('gives the figures of the query over every event, before and after the ended lessons are summarized, for the school and for a teacher', async () => {
      const s = ctx.storage;
      const seeded = await seedPresence(s, (events) => s.attendance.appendMany(events));
      const school: StatisticsScope = { kind: 'school', schoolId: seeded.schoolId };
      const teacher: StatisticsScope = { kind: 'teacher', schoolId: seeded.schoolId, teacherId: 'u_t2' };
      const old = await oldFacts(s.db, seeded.schoolId, NOW);
      expect(old.reduce((n, f) => n + f.late, 0)).toBeGreaterThan(0);
      expect(old.reduce((n, f) => n + f.leftEarly, 0)).toBeGreaterThan(0);
      expect(await newFacts(s, school)).toEqual(old);
      const ownBefore = await newFacts(s, teacher);

      // Only the 24 ended lessons, in batches; the running ones keep folding their events.
      expect(await s.statistics.summarizeEnded(NOW, 10)).toBe(10);
      expect(await newFacts(s, school)).toEqual(old);
      expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(14);
      expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(0);
      expect(await newFacts(s, school)).toEqual(old);
      expect(await newFacts(s, teacher)).toEqual(ownBefore);
      // Other rules and another `now` read the same summaries.
      const rules = { lateAfterMs: 1 * MIN, earlyLeaveBeforeMs: 12 * MIN };
      expect(await newFacts(s, school, NOW + 30 * MIN, rules)).toEqual(await oldFacts(s.db, seeded.schoolId, NOW + 30 * MIN, rules));
      // Today's roster: a student disabled, another moved to the other class.
      await s.accounts.updateProfile(seeded.students[1]!, { disabled: true }, 2);
      await s.db.run('UPDATE class_students SET class_id = ? WHERE student_id = ?', ['cls_10a2', seeded.students[2]!]);
      const later = await oldFacts(s.db, seeded.schoolId, NOW);
      expect(later).not.toEqual(old);
      expect(await newFacts(s, school)).toEqual(later);
    });

    it('refreshes the planner statistics of the summaries on PostgreSQL (planned on an empty table, a school year took 3x as long)', async () => {
      const s = ctx.storage;
      await seedPresence(s, (events) => s.attendance.appendMany(events));
      expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(24);
      const rows = Number((await s.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM lesson_presence'))?.n);
      expect(rows).toBeGreaterThan(0);
      await s.statistics.refreshPlannerStatistics();
      if (s.db.engine === 'postgres') {
        // ANALYZE writes the table's row estimate (-1, "never analyzed", before it).
        const est = await s.db.one<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE oid = to_regclass('lesson_presence')");
        expect(Number(est?.reltuples)).toBe(rows);
      }
    });

    it('drops a summary when an event reaches its lesson later, and folds it again at the next sweep', async () => {
      const s = ctx.storage;
      const seeded = await seedPresence(s, (events) => s.attendance.appendMany(events));
      const school: StatisticsScope = { kind: 'school', schoolId: seeded.schoolId };
      expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(24);
      // A student present at the end of an ended lesson is found gone 30 minutes before its end.
      const stillIn = (l: Lesson, u: string) => {
        const own = seeded.events.filter((e) => e.lessonId === l.id && e.userId === u && (e.kind === 'join' || e.kind === 'leave') && e.at <= l.endedAt!);
        return own.length > 0 && own[own.length - 1]!.kind === 'join' && own[own.length - 1]!.at < l.endedAt! - 30 * MIN;
      };
      const lesson = seeded.lessons.find((l) => l.endedAt !== null && l.classId === seeded.classId && seeded.students.some((u) => stillIn(l, u)))!;
      const present = seeded.students.find((u) => stillIn(lesson, u))!;
      const summarized = await newFacts(s, school);
      await s.attendance.append({ lessonId: lesson.id, userId: present, at: lesson.endedAt! - 30 * MIN, kind: 'leave', reason: 'disconnected' });
      const expected = await oldFacts(s.db, seeded.schoolId, NOW);
      const row = (facts: Counts[]) => facts.find((f) => f.lessonId === lesson.id)!;
      const roster = seeded.students.map((userId) => ({ userId, code: '', displayName: '' }));
      const table = attendanceTable({ lesson, roster, events: await s.attendance.eventsForLesson(lesson.id), now: NOW });
      expect(row(expected).leftEarly).toBe(table.rows.filter((r) => r.leftEarly).length);
      // The summary made before would have missed it.
      expect(row(expected).leftEarly).toBe(row(summarized).leftEarly + 1);
      expect(await newFacts(s, school)).toEqual(expected);
      expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(1);
      expect(await newFacts(s, school)).toEqual(expected);
    });

    it('migration 17 folds the lessons that ended before it, as the query over every event did', async () => {
      const db = await target.freshDatabase();
      await migrate(db, MIGRATIONS.filter((m) => m.version < 17));
      const s = storageOver(db);
      try {
        // Written as the server of before wrote them (no summary table yet), in one transaction.
        const seeded = await seedPresence(s, (events) =>
          db.transaction(async (tx) => {
            for (const e of events) {
              await tx.run('INSERT INTO attendance_events (lesson_id, user_id, kind, reason, at) VALUES (?, ?, ?, ?, ?)', [e.lessonId, e.userId, e.kind, e.kind === 'leave' ? e.reason : null, e.at]);
            }
          }),
        );
        const old = await oldFacts(db, seeded.schoolId, NOW);
        await migrate(db, MIGRATIONS);
        expect(Number((await db.one('SELECT COUNT(*) AS n FROM lesson_presence_summaries'))?.n)).toBe(24);
        expect(await s.statistics.summarizeEnded(NOW, 100)).toBe(0);
        expect(await newFacts(s, { kind: 'school', schoolId: seeded.schoolId })).toEqual(old);
      } finally {
        await s.close();
      }
    });

    it('forgets a student’s summary rows with their data (R21) and a lesson’s with the lesson data (retention)', async () => {
      const s = ctx.storage;
      const seeded = await seedPresence(s, (events) => s.attendance.appendMany(events));
      await s.statistics.summarizeEnded(NOW, 100);
      const rowsOf = async (sql: string, p: SqlParam[]) => Number((await s.db.one(`SELECT COUNT(*) AS n FROM lesson_presence WHERE ${sql}`, p))?.n);
      const student = seeded.students[3]!;
      expect(await rowsOf('user_id = ?', [student])).toBeGreaterThan(0);
      await s.personalData.eraseStudent(student, []);
      expect(await rowsOf('user_id = ?', [student])).toBe(0);
      expect(await newFacts(s, { kind: 'school', schoolId: seeded.schoolId })).toEqual(await oldFacts(s.db, seeded.schoolId, NOW));
      await s.archive.purgeLessonData('les_00', 5);
      expect(await rowsOf('lesson_id = ?', ['les_00'])).toBe(0);
      expect(await newFacts(s, { kind: 'school', schoolId: seeded.schoolId })).toEqual(await oldFacts(s.db, seeded.schoolId, NOW));
    });
  });
}

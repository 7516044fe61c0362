import { describe, expect, it } from 'vitest';
import { attendanceTable, type ParticipationEvent, type LeaveReason } from '../../attendance/index.js';
import { DEFAULT_PRESENCE_RULES } from '../../statistics/index.js';
import type { Lesson } from '../../timetable/index.js';
import type { Storage } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const MIN = 60_000;
const H = 60 * MIN;

/** A small deterministic generator: the same "random" school on every engine and every run. */
export function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

const REASONS: LeaveReason[] = ['left', 'disconnected', 'removed', 'lesson_ended'];

/** Connections of one student: join/leave alternating, the last one possibly still open. */
export function studentEvents(lessonId: string, userId: string, start: number, end: number, rand: () => number): ParticipationEvent[] {
  if (rand() < 0.2) return [];
  const times = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => Math.floor(start - 10 * MIN + rand() * (end - start + 20 * MIN))).sort((a, b) => a - b);
  const events: ParticipationEvent[] = [];
  for (let i = 0; i < times.length; i += 2) {
    events.push({ lessonId, userId, at: times[i]!, kind: 'join' });
    if (rand() < 0.5) events.push({ lessonId, userId, at: times[i]! + 1, kind: 'mic_on' });
    const leave = times[i + 1];
    if (leave !== undefined && (i + 2 < times.length || rand() < 0.7)) events.push({ lessonId, userId, at: leave, kind: 'leave', reason: REASONS[Math.floor(rand() * 4)]! });
  }
  return events;
}

export async function seedStudents(s: Storage, classId: string, prefix: string, n: number, codeBase: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    await s.accounts.create(account({ id, role: 'student', code: String(codeBase + i).padStart(12, '0') }));
    await s.schools.enrol(id, classId);
    ids.push(id);
  }
  return ids;
}

export function statisticsContract(target: ContractTarget): void {
  describe('StatisticsStore', () => {
    const ctx = useStorage(target);

    it('counts attended, late and left early per lesson exactly as the attendance table does, over the same events', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
      const students = await seedStudents(s, ids.classA, 'u_s', 12, 1000);
      const [moved] = await seedStudents(s, ids.classB, 'u_b', 1, 2000);
      const rand = rng(7);
      const now = 200 * H;
      // Ended on time, ended early, overran, still running at `now`, and one never started.
      const shapes: Array<Pick<Lesson, 'scheduledStart' | 'scheduledEnd' | 'startedAt' | 'endedAt'>> = [];
      for (let i = 0; i < 12; i++) {
        const start = (10 + i * 2) * H;
        const end = start + 45 * MIN;
        const variant = i % 4;
        shapes.push({ scheduledStart: start, scheduledEnd: end, startedAt: start, endedAt: variant === 0 ? end : variant === 1 ? end - 20 * MIN : variant === 2 ? end + 15 * MIN : end });
      }
      shapes.push({ scheduledStart: now - 20 * MIN, scheduledEnd: now + 2 * MIN, startedAt: now - 20 * MIN, endedAt: null });
      shapes.push({ scheduledStart: now - 40 * MIN, scheduledEnd: now + 20 * MIN, startedAt: now - 40 * MIN, endedAt: null });
      const expected = new Map<string, { attended: number; late: number; leftEarly: number }>();
      const roster = students.map((userId) => ({ userId, code: '', displayName: '' }));
      for (const [i, shape] of shapes.entries()) {
        const lesson: Lesson = { id: `les_${i}`, schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, teacherId: 'u_t1', title: 't', cancelledAt: null, passwordHash: null, createdAt: 1, ...shape };
        await s.lessons.create(lesson);
        const events = [...students, 'u_t1', moved!]
          .flatMap((u) => studentEvents(lesson.id, u, shape.scheduledStart, shape.scheduledEnd, rand))
          .sort((a, b) => a.at - b.at);
        await s.attendance.appendMany(events);
        const table = attendanceTable({ lesson, roster, events, now });
        expected.set(lesson.id, {
          attended: table.rows.filter((r) => r.attended).length,
          late: table.rows.filter((r) => r.late).length,
          leftEarly: table.rows.filter((r) => r.leftEarly).length,
        });
      }
      const facts = await s.statistics.lessonFacts({ kind: 'school', schoolId: ids.schoolId }, 0, 1000 * H, now, DEFAULT_PRESENCE_RULES);
      expect(new Map(facts.map((f) => [f.lessonId, { attended: f.attended, late: f.late, leftEarly: f.leftEarly }]))).toEqual(expected);
      // The generator did produce every case the rules tell apart.
      const sums = [...expected.values()].reduce((a, b) => ({ attended: a.attended + b.attended, late: a.late + b.late, leftEarly: a.leftEarly + b.leftEarly }));
      expect(sums.late).toBeGreaterThan(0);
      expect(sums.leftEarly).toBeGreaterThan(0);
      expect(sums.attended).toBeLessThan(students.length * shapes.length);
    });

    it('reads the lessons of a school or of one teacher that start in the period, cancelled and unstarted ones with no attendance', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
      await s.accounts.create(account({ id: 'u_t2', role: 'teacher', code: '079000000002' }));
      const [st] = await seedStudents(s, ids.classA, 'u_s', 1, 1000);
      const base = { schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, title: 't', startedAt: null, endedAt: null, cancelledAt: null, passwordHash: null, createdAt: 1 };
      await s.lessons.create({ ...base, id: 'les_a', teacherId: 'u_t1', scheduledStart: 10 * H, scheduledEnd: 11 * H, startedAt: 10 * H, endedAt: 11 * H });
      await s.lessons.create({ ...base, id: 'les_b', teacherId: 'u_t2', scheduledStart: 12 * H, scheduledEnd: 13 * H });
      await s.lessons.create({ ...base, id: 'les_c', teacherId: 'u_t1', scheduledStart: 14 * H, scheduledEnd: 15 * H });
      await s.lessons.create({ ...base, id: 'les_late', teacherId: 'u_t1', scheduledStart: 30 * H, scheduledEnd: 31 * H });
      expect(await s.lessons.cancel('les_c', 9 * H)).toBe(true);
      await s.attendance.appendMany([
        { lessonId: 'les_a', userId: st!, at: 10 * H + 10 * MIN, kind: 'join' },
        { lessonId: 'les_a', userId: 'u_t1', at: 10 * H, kind: 'join' },
      ]);
      const school = await s.statistics.lessonFacts({ kind: 'school', schoolId: ids.schoolId }, 10 * H, 30 * H, 40 * H, DEFAULT_PRESENCE_RULES);
      expect(school.map((f) => [f.lessonId, f.attended, f.late, f.cancelledAt])).toEqual([
        ['les_a', 1, 1, null],
        ['les_b', 0, 0, null],
        ['les_c', 0, 0, 9 * H],
      ]);
      const own = await s.statistics.lessonFacts({ kind: 'teacher', schoolId: ids.schoolId, teacherId: 'u_t2' }, 0, 100 * H, 40 * H, DEFAULT_PRESENCE_RULES);
      expect(own.map((f) => f.lessonId)).toEqual(['les_b']);
      expect(await s.statistics.lessonFacts({ kind: 'school', schoolId: 'sch_other' }, 0, 100 * H, 40 * H, DEFAULT_PRESENCE_RULES)).toEqual([]);
    });

    it('counts an assignment’s students, those who handed in (once, whatever the versions) and the returned scores', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
      const [s1, s2, s3] = await seedStudents(s, ids.classA, 'u_s', 3, 1000);
      const [off] = await seedStudents(s, ids.classA, 'u_off', 1, 1500);
      await s.accounts.updateProfile(off!, { disabled: true }, 2);
      const base = { schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, teacherId: 'u_t1', title: 'BT', instructions: '', openAt: 1 * H, acceptLate: true, latePenaltyTenths: 0, createdAt: 1, updatedAt: 1 };
      await s.assignments.create({ ...base, id: 'asg_all', dueAt: 5 * H, studentIds: [] });
      await s.assignments.create({ ...base, id: 'asg_two', dueAt: 6 * H, studentIds: [s1!, s2!] });
      await s.assignments.create({ ...base, id: 'asg_out', dueAt: 50 * H, studentIds: [] });
      const sub = (id: string, assignmentId: string, studentId: string, version: number) =>
        s.assignments.addSubmission({ id, assignmentId, studentId, version, text: 'x', fileIds: [], submittedAt: 2 * H, late: false });
      await sub('sb1', 'asg_all', s1!, 1);
      await sub('sb2', 'asg_all', s1!, 2);
      await sub('sb3', 'asg_all', s3!, 1);
      await sub('sb4', 'asg_two', s3!, 1); // not given to s3: does not count
      const grade = (assignmentId: string, studentId: string, scoreTenths: number | null, returnedAt: number | null) =>
        s.assignments.saveGrade({ assignmentId, studentId, scoreTenths, feedback: '', returnedAt, revision: 1, gradedBy: 'u_t1', updatedAt: 3 * H }, 0);
      await grade('asg_all', s1!, 80, 4 * H);
      await grade('asg_all', s3!, 65, 4 * H);
      await grade('asg_all', s2!, 90, null); // not returned yet
      const facts = await s.statistics.assignmentFacts({ kind: 'school', schoolId: ids.schoolId }, 0, 10 * H);
      expect(facts.map((f) => [f.assignmentId, f.assigned, f.handedIn, f.graded, f.scoreTenthsSum])).toEqual([
        ['asg_all', 3, 2, 2, 145],
        ['asg_two', 2, 0, 0, 0],
      ]);
      expect(await s.statistics.assignmentFacts({ kind: 'teacher', schoolId: ids.schoolId, teacherId: 'u_t2' }, 0, 100 * H)).toEqual([]);
      expect(await s.statistics.classSizes(ids.schoolId)).toEqual(new Map([[ids.classA, 3], [ids.classB, 0]]));
    });
    it('counts the materials approved in the period and the students of each class who opened one', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
      await s.accounts.create(account({ id: 'u_t2', role: 'teacher', code: '079000000002' }));
      const [s1, s2] = await seedStudents(s, ids.classA, 'u_s', 2, 1000);
      const [b1] = await seedStudents(s, ids.classB, 'u_b', 1, 2000);
      const q = s.db;
      const material = (id: string, owner: string, subjectId: string) =>
        q.run("INSERT INTO materials (id, school_id, subject_id, grade_id, topic, owner_id, source, latest_version, approved_version, created_at, updated_at) VALUES (?, ?, ?, ?, 'Hàm số', ?, 'school', 1, 1, 1, 1)", [id, ids.schoolId, subjectId, ids.gradeId, owner]);
      await material('mat_1', 'u_t1', ids.math);
      await material('mat_2', 'u_t2', ids.physics);
      const review = (materialId: string, step: string, at: number) =>
        q.run("INSERT INTO material_reviews (material_id, version, actor_id, step, comment, at) VALUES (?, 1, 'u_t1', ?, '', ?)", [materialId, step, at]);
      await review('mat_1', 'submitted', 2 * H);
      await review('mat_1', 'head_approved', 3 * H);
      await review('mat_1', 'principal_approved', 4 * H);
      await review('mat_2', 'imported', 50 * H); // outside the period
      let n = 0;
      const view = (materialId: string, studentId: string, classId: string, at: number) =>
        q.run("INSERT INTO material_views (id, school_id, material_id, version, student_id, class_id, opened_at, last_seen_at, seconds, page_count, pages, watched_permille) VALUES (?, ?, ?, 1, ?, ?, ?, ?, 30, 1, '[1]', 0)", [
          `v_${++n}`, ids.schoolId, materialId, studentId, classId, at, at,
        ]);
      await view('mat_1', s1!, ids.classA, 5 * H);
      await view('mat_1', s1!, ids.classA, 6 * H); // the same student again
      await view('mat_1', s2!, ids.classA, 6 * H);
      await view('mat_1', b1!, ids.classB, 7 * H);
      await view('mat_2', s2!, ids.classA, 60 * H); // outside the period
      const facts = await s.statistics.materialFacts({ kind: 'school', schoolId: ids.schoolId }, 0, 10 * H);
      expect(facts.approved).toEqual([{ materialId: 'mat_1', subjectId: ids.math, gradeId: ids.gradeId, ownerId: 'u_t1', approvals: 1 }]);
      expect([...facts.used].sort((a, b) => a.classId.localeCompare(b.classId))).toEqual([
        { materialId: 'mat_1', classId: ids.classA, subjectId: ids.math, ownerId: 'u_t1', students: 2 },
        { materialId: 'mat_1', classId: ids.classB, subjectId: ids.math, ownerId: 'u_t1', students: 1 },
      ]);
      expect(await s.statistics.materialFacts({ kind: 'teacher', schoolId: ids.schoolId, teacherId: 'u_t2' }, 0, 100 * H)).toEqual({
        approved: [{ materialId: 'mat_2', subjectId: ids.physics, gradeId: ids.gradeId, ownerId: 'u_t2', approvals: 1 }],
        used: [{ materialId: 'mat_2', classId: ids.classA, subjectId: ids.physics, ownerId: 'u_t2', students: 1 }],
      });
    });
  });
}

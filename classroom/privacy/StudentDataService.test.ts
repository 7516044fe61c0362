import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { AttendanceService } from '../attendance/index.js';
import type { Actor } from '../authz/index.js';
import { LessonService } from '../timetable/index.js';
import { StudentDataService } from './StudentDataService.js';

const MIN = 60_000;
let t: TestStorage;
let clock: ManualClock;
let world: World;
let lessons: LessonService;
let service: StudentDataService;
let lessonId: string;
const origin = { ip: '10.9.9.9' };

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  service = new StudentDataService(t.storage, { clock });
  lessons = new LessonService(t.storage, { clock, hasher });
  lessonId = (await lessons.startNow(await world.actor('teacher'), { classId: world.classA, subjectId: world.math })).id;
  const at = clock.now();
  await t.storage.attendance.appendMany([
    { lessonId, userId: 'u_student', kind: 'join', at: at + MIN },
    { lessonId, userId: 'u_student', kind: 'hand_raised', at: at + 2 * MIN },
    { lessonId, userId: 'u_student', kind: 'leave', reason: 'left', at: at + 30 * MIN },
    { lessonId, userId: 'u_student2', kind: 'join', at: at + MIN },
    { lessonId, userId: 'u_student2', kind: 'leave', reason: 'left', at: at + 40 * MIN },
  ]);
  const poll = { kind: 'single_choice' as const, stem: 'Hiểu chưa?', options: [{ id: 'A', text: 'Rồi' }, { id: 'B', text: 'Chưa' }], fixedOrder: true };
  await t.storage.liveQuiz.saveQuiz({ id: 'lq_1', lessonId, teacherId: 'u_teacher', targetGroupId: '*', ref: null, body: poll, key: null, startedAt: at + 3 * MIN, closesAt: at + 4 * MIN, closedAt: null, revealedAt: null, endedAt: null });
  await t.storage.liveQuiz.saveAnswers(['u_student', 'u_student2'].map((userId) => ({ quizId: 'lq_1', lessonId, userId, groupId: '', answer: { kind: 'single_choice' as const, choice: 'A' }, outcome: 'poll' as const, answeredAt: at + 3 * MIN })));
  await t.storage.authEvents.record({ at, kind: 'login_succeeded', userId: 'u_student', schoolId: 'sch_1', login: '0791000101', ip: '10.0.0.7', userAgent: 'Phone', detail: null });
  clock.advance(45 * MIN);
  await lessons.markEnded(lessonId);
});
afterEach(() => t.dispose());

describe('StudentDataService.exportFor', () => {
  it("gives the admin everything stored about the student, without the password hash, and records the export", async () => {
    const { fileName, data } = await service.exportFor(await world.actor('admin'), 'u_student', origin);
    expect(fileName).toBe('du-lieu-hoc-sinh_0791000101.json');
    expect(data.student).toMatchObject({ id: 'u_student', code: '0791000101', displayName: 'Lê Văn Cường' });
    expect(data.school.name).toBe('THPT Chu Văn An');
    expect(data.class).toEqual({ id: world.classA, name: '10A1' });
    expect(data.parents).toEqual([{ id: 'u_parent', displayName: 'Lê Văn Dũng', username: 'phuhuynh.cuong' }]);
    expect(data.lessons).toHaveLength(1);
    expect(data.lessons[0]).toMatchObject({ lessonId, className: '10A1', subjectName: 'Toán', presentMinutes: 29, handRaises: 1 });
    expect(data.lessons[0]?.events.map((e) => e.kind)).toEqual(['join', 'hand_raised', 'leave']);
    expect(data.lessons[0]?.quizAnswers).toEqual([{ at: expect.any(String), quizId: 'lq_1', answer: { kind: 'single_choice', choice: 'A' }, outcome: 'poll' }]);
    expect(data.logins).toEqual([expect.objectContaining({ kind: 'login_succeeded', ip: '10.0.0.7', userAgent: 'Phone' })]);
    expect(data.accessLog).toEqual([expect.objectContaining({ actorId: 'u_admin', action: 'export', resource: 'student:u_student', ip: '10.9.9.9' })]);
    const json = JSON.stringify(data);
    expect(json).not.toContain('argon2');
    expect(json).not.toContain('u_student2');
  });

  it('includes every quiz and exam attempt with its answers, grades, score and audit trail (R11, R21), not other students’', async () => {
    const e = t.storage.exams;
    await e.createExam({
      id: 'exm_1', schoolId: 'sch_1', classId: world.classA, subjectId: world.math, teacherId: 'u_teacher', lessonId: null, mode: 'exam', title: 'Kiểm tra giữa kỳ',
      opensAt: 1, closesAt: 2, timeLimitMs: 60_000, attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', releasedAt: null,
      scheme: { id: 'simple', name: 's', parts: [] }, questions: [], createdAt: 1, updatedAt: 1,
    });
    const t0 = clock.now();
    for (const studentId of ['u_student', 'u_student2']) {
      const id = `att_${studentId}`;
      await e.createAttempt({ id, examId: 'exm_1', studentId, number: 1, seed: `seed-${studentId}`, startedAt: t0, deadlineAt: t0 + MIN, status: 'submitted', finishedAt: t0 + MIN / 2, clientId: 'tab-aaaaaaaa', ip: '10.0.0.7', result: { points: 1.5, maxPoints: 2, score10: 7.5 }, feedback: 'Khá' });
      await e.putAnswer(id, { questionId: 'q_1', answer: { kind: 'essay', text: `Bài làm của ${studentId}` }, seq: 2, savedAt: t0 + 1000 });
      await e.putManualGrade(id, { questionId: 'q_1', points: 0.5, feedback: 'Thiếu ý', gradedBy: 'u_teacher', gradedAt: t0 + 2000 });
      await e.addEvent({ examId: 'exm_1', attemptId: id, studentId, actorId: studentId, kind: 'answer', at: t0 + 1000, clientId: 'tab-aaaaaaaa', ip: '10.0.0.7', data: { questionId: 'q_1', seq: 2 } });
      await e.addEvent({ examId: 'exm_1', attemptId: id, studentId, actorId: studentId, kind: 'page_hidden', at: t0 + 1500, clientId: 'tab-aaaaaaaa', ip: '10.0.0.7', data: {} });
    }
    const { data } = await service.exportFor(await world.actor('admin'), 'u_student', origin);
    expect(data.examAttempts).toEqual([
      expect.objectContaining({
        examId: 'exm_1', examTitle: 'Kiểm tra giữa kỳ', mode: 'exam', attemptId: 'att_u_student', status: 'submitted', seed: 'seed-u_student', points: 1.5, maxPoints: 2, score10: 7.5, feedback: 'Khá',
        answers: [{ questionId: 'q_1', answer: { kind: 'essay', text: 'Bài làm của u_student' }, seq: 2, savedAt: new Date(t0 + 1000).toISOString() }],
        manualGrades: [expect.objectContaining({ questionId: 'q_1', points: 0.5, feedback: 'Thiếu ý', gradedBy: 'u_teacher' })],
      }),
    ]);
    expect(data.examAttempts[0]?.events.map((x) => [x.kind, x.clientId, x.ip])).toEqual([['answer', 'tab-aaaaaaaa', '10.0.0.7'], ['page_hidden', 'tab-aaaaaaaa', '10.0.0.7']]);
    expect(JSON.stringify(data)).not.toContain('u_student2');
    const [audit] = await t.storage.personalData.accessesAbout('u_student');
    expect(audit?.detail).toContain('1 exam attempts');
  });

  it('is refused to everyone but the admin of the student’s school', async () => {
    for (const who of ['teacher', 'student', 'parent', 'studentB'] as const) {
      await expect(service.exportFor(await world.actor(who), 'u_student', origin)).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    const otherAdmin: Actor = { userId: 'u_admin2', role: 'admin', schoolId: world.otherSchoolId, teaches: [], classId: null, children: [], duties: { principal: false, headOf: [] } };
    await expect(service.exportFor(otherAdmin, 'u_student', origin)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await t.storage.personalData.accessesAbout('u_student')).toEqual([]);
  });

  it('answers "no such student" for an unknown id and for a teacher', async () => {
    const admin = await world.actor('admin');
    await expect(service.exportFor(admin, 'u_nobody', origin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.exportFor(admin, 'u_teacher', origin)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('StudentDataService.erase', () => {
  it('needs the student’s ID code typed to confirm, and erases nothing without it', async () => {
    const admin = await world.actor('admin');
    await expect(service.erase(admin, 'u_student', '0791000102', origin)).rejects.toBeInstanceOf(ValidationError);
    await expect(service.erase(admin, 'u_student', '', origin)).rejects.toBeInstanceOf(ValidationError);
    expect(await t.storage.accounts.get('u_student')).toBeDefined();
  });

  it('erases the student: gone from the class, the attendance table and the logs; the erasure itself is recorded', async () => {
    const report = await service.erase(await world.actor('admin'), 'u_student', ' 0791000101 ', origin);
    expect(report.erased).toMatchObject({ account: 1, classMembership: 1, parentLinks: 1, attendanceEvents: 3, authEvents: 1 });
    expect(await t.storage.accounts.findByCode('0791000101')).toBeUndefined();
    const table = await new AttendanceService(t.storage, { clock }).tableFor(await world.actor('admin'), lessonId, origin);
    expect(table.rows.map((r) => r.userId)).toEqual(['u_student2']);
    expect(table.notOnRoster).toEqual([]);
    const [audit] = await t.storage.personalData.accessesAbout('u_student');
    expect(audit).toMatchObject({ actorId: 'u_admin', action: 'delete', detail: expect.stringContaining('attendanceEvents=3') });
    await expect(service.exportFor(await world.actor('admin'), 'u_student', origin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is refused to a teacher, even of the class', async () => {
    await expect(service.erase(await world.actor('teacher'), 'u_student', '0791000101', origin)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await t.storage.accounts.get('u_student')).toBeDefined();
  });

  it('waits while the student is in a live lesson; a join left open by a crash long ago does not block it', async () => {
    const admin = await world.actor('admin');
    const live = (await lessons.startNow(await world.actor('teacher'), { classId: world.classA, subjectId: world.math })).id;
    await t.storage.attendance.append({ lessonId: live, userId: 'u_student', kind: 'join', at: clock.now() });
    await expect(service.erase(admin, 'u_student', '0791000101', origin)).rejects.toBeInstanceOf(ConflictError);
    clock.advance(24 * 60 * MIN);
    expect((await service.erase(admin, 'u_student', '0791000101', origin)).erased.account).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotAuthorizedError, ValidationError } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { ESSAY, NUMERIC, SINGLE, TRUE_FALSE } from '../__fixtures__/questions.js';
import { MemoryImages } from '../__fixtures__/memoryImages.js';
import type { Question } from '../assessment/index.js';
import type { Actor } from '../authz/index.js';
import { QuestionBank } from '../questionBank/index.js';
import { DeadlineSweep } from './DeadlineSweep.js';
import { ExamCore } from './ExamCore.js';
import { ExamProctor } from './ExamProctor.js';
import { ExamResults } from './ExamResults.js';
import { ExamService, type NewExamInput } from './ExamService.js';
import { ExamTaking } from './ExamTaking.js';
import { unzipSync, strFromU8 } from 'fflate';
import { resultsCsv, resultsXlsx } from './resultsFiles.js';

let t: TestStorage;
let clock: ManualClock;
let world: World;
let bank: QuestionBank;
let exams: ExamService;
let taking: ExamTaking;
let proctor: ExamProctor;
let results: ExamResults;
let teacher: Actor;
let student: Actor;
let ids: Record<'single' | 'tf' | 'numeric' | 'essay', string>;

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const ctx = { clientId: 'tab-1', ip: '10.0.0.5' };

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock(T0);
  world = await seedWorld(t.storage, clock);
  bank = new QuestionBank(t.storage, { clock, images: new MemoryImages() });
  const core = new ExamCore(t.storage, { clock });
  exams = new ExamService(core, bank);
  taking = new ExamTaking(core);
  proctor = new ExamProctor(core);
  results = new ExamResults(core);
  teacher = await world.actor('teacher');
  student = await world.actor('student');
  const put = async (q: Question) => (await bank.create(teacher, { subjectId: world.math, shared: false, tags: { gradeLevel: 10, topic: null, level: null }, question: q })).question.id;
  ids = { single: await put(SINGLE), tf: await put(TRUE_FALSE), numeric: await put(NUMERIC), essay: await put(ESSAY) };
});
afterEach(() => t.dispose());

const examInput = (over: Partial<NewExamInput> = {}): NewExamInput => ({
  classId: world.classA,
  subjectId: world.math,
  title: 'Kiểm tra giữa kỳ',
  mode: 'exam',
  opensAt: T0 + 10 * MIN,
  closesAt: T0 + 120 * MIN,
  timeLimitMinutes: 45,
  attemptsAllowed: 1,
  shuffleQuestions: true,
  shuffleOptions: true,
  releasePolicy: 'manual',
  scheme: 'vn2025-math',
  questions: [{ questionId: ids.single }, { questionId: ids.tf }, { questionId: ids.numeric }],
  ...over,
});

async function openExam(over: Partial<NewExamInput> = {}) {
  const exam = await exams.create(teacher, examInput(over));
  clock.set(exam.opensAt);
  return exam;
}

describe('giving a quiz or exam', () => {
  it('stores the versions, each question’s part and points from the 2025 mathematics scheme', async () => {
    const exam = await exams.create(teacher, examInput());
    expect(exam.questions.map((q) => [q.partId, q.points, q.version])).toEqual([['I', 0.25, 1], ['II', 1, 1], ['III', 0.5, 1]]);
    expect(exams.maxPoints(exam)).toBe(1.75);
    expect(await exams.list(teacher)).toHaveLength(1);
    expect(await exams.list(await world.actor('teacher2'))).toHaveLength(0);
  });

  it('refuses bad settings with a reason each, and stores nothing', async () => {
    const reasons = async (over: Partial<NewExamInput>) => ((await exams.create(teacher, examInput(over)).catch((e: unknown) => e)) as ValidationError).details?.['reason'];
    expect(await reasons({ title: ' ' })).toBe('TITLE_INVALID');
    expect(await reasons({ closesAt: T0 })).toBe('TIMES_INVALID');
    expect(await reasons({ timeLimitMinutes: null })).toBe('TIME_LIMIT_REQUIRED');
    expect(await reasons({ attemptsAllowed: 2 })).toBe('ATTEMPTS_INVALID');
    expect(await reasons({ scheme: 'nope' })).toBe('SCHEME_UNKNOWN');
    expect(await reasons({ questions: [{ questionId: ids.single }, { questionId: ids.single }] })).toBe('QUESTION_DUPLICATE');
    await expect(exams.create(teacher, examInput({ classId: world.classB }))).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(exams.create(student, examInput())).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await exams.list(teacher)).toEqual([]);
  });
});

describe('taking an exam', () => {
  it('no content before it opens; the paper has bodies only, shuffled from the recorded seed', async () => {
    const exam = await exams.create(teacher, examInput());
    const early = await taking.start(student, exam.id, ctx).catch((e: unknown) => e);
    expect((early as ConflictError).details?.['reason']).toBe('EXAM_NOT_OPEN');
    clock.set(exam.opensAt);
    const view = await taking.start(student, exam.id, ctx);
    expect(view.deadlineAt).toBe(exam.opensAt + 45 * MIN);
    const text = JSON.stringify(view);
    expect(text).not.toContain('"correct"');
    expect(text).not.toContain('truths');
    expect(text).not.toContain('explanation');
    expect(view.result).toBeNull();
    // Sections keep the scheme's order; the same seed gives the same paper on resume.
    expect(view.questions.map((q) => q.partId)).toEqual(['I', 'II', 'III']);
    const again = await taking.view(student, view.attemptId, ctx);
    expect(again.questions).toEqual(view.questions);
  });

  it('saves each answer durably, keeps the newest of retries, and records each change with session and IP', async () => {
    const exam = await openExam();
    const { attemptId } = await taking.start(student, exam.id, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'A' }, seq: 1 }, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'B' }, seq: 2 }, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'A' }, seq: 1 }, ctx);
    const view = await taking.view(student, attemptId, ctx);
    expect(view.answers).toEqual([{ questionId: ids.single, answer: { kind: 'single_choice', choice: 'B' }, seq: 2 }]);
    const trail = await proctor.trail(teacher, attemptId);
    expect(trail.filter((e) => e.kind === 'answer').map((e) => [e.data['seq'], e.clientId, e.ip])).toEqual([[1, 'tab-1', '10.0.0.5'], [2, 'tab-1', '10.0.0.5']]);
  });

  it('refuses answers that do not fit, to another student’s attempt, or from another class', async () => {
    const exam = await openExam();
    const { attemptId } = await taking.start(student, exam.id, ctx);
    const reason = (p: Promise<unknown>) => p.then(() => 'saved', (e: { details?: Record<string, unknown> }) => e.details?.['reason']);
    expect(await reason(taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'Z' }, seq: 1 }, ctx))).toBe('ANSWER_INVALID');
    expect(await reason(taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'numeric', text: '1' }, seq: 1 }, ctx))).toBe('ANSWER_INVALID');
    expect(await reason(taking.save(student, attemptId, { questionId: ids.essay, answer: { kind: 'essay', text: 'x' }, seq: 1 }, ctx))).toBe('QUESTION_NOT_IN_EXAM');
    await expect(taking.save(await world.actor('student2'), attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'A' }, seq: 1 }, ctx)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(taking.view(await world.actor('student2'), attemptId, ctx)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(taking.start(await world.actor('studentB'), exam.id, ctx)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await taking.view(student, attemptId, ctx)).answers).toEqual([]);
  });

  it('refuses answers after the server’s deadline; the sweep closes an abandoned attempt and grades it', async () => {
    const exam = await openExam();
    const { attemptId } = await taking.start(student, exam.id, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'B' }, seq: 1 }, ctx);
    clock.set(exam.opensAt + 45 * MIN);
    const late = await taking.save(student, attemptId, { questionId: ids.numeric, answer: { kind: 'numeric', text: '3,14' }, seq: 1 }, ctx).catch((e: unknown) => e);
    expect((late as ConflictError).details?.['reason']).toBe('DEADLINE_PASSED');
    expect(await taking.closeExpired()).toBe(1);
    const row = (await proctor.view(teacher, exam.id)).rows.find((r) => r.studentId === student.userId)!;
    expect(row.attempt).toMatchObject({ status: 'closed_by_deadline', finishedAt: exam.opensAt + 45 * MIN, answered: 1, points: 0.25 });
    const closed = await taking.save(student, attemptId, { questionId: ids.numeric, answer: { kind: 'numeric', text: '3,14' }, seq: 2 }, ctx).catch((e: unknown) => e);
    expect((closed as ConflictError).details?.['reason']).toBe('ATTEMPT_CLOSED');
    // One attempt only.
    expect(((await taking.start(student, exam.id, ctx).catch((e: unknown) => e)) as ConflictError).details?.['reason']).toBe('NO_ATTEMPTS_LEFT');
  });

  it('the sweep closes an attempt at its deadline with nobody there, and stops on close', async () => {
    const exam = await openExam();
    const { attemptId } = await taking.start(student, exam.id, ctx);
    const sweep = new DeadlineSweep(taking, { intervalMs: 10 });
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect((await t.storage.exams.getAttempt(attemptId))!.status).toBe('in_progress');
      clock.set(exam.opensAt + 45 * MIN);
      await expect.poll(async () => (await t.storage.exams.getAttempt(attemptId))!.status, { timeout: 5000 }).toBe('closed_by_deadline');
      const trail = await proctor.trail(teacher, attemptId);
      expect(trail.at(-1)).toMatchObject({ kind: 'deadline_close', actorId: 'system' });
    } finally {
      await sweep.close();
      await sweep.close();
    }
    expect(sweep.closed).toBe(true);
  });

  it('resumes the same attempt and deadline from a second device, recording it and the new address', async () => {
    const exam = await openExam();
    const first = await taking.start(student, exam.id, ctx);
    clock.advance(10 * MIN);
    const second = await taking.start(student, exam.id, { clientId: 'phone', ip: '10.0.0.9' });
    expect(second.attemptId).toBe(first.attemptId);
    expect(second.deadlineAt - second.now).toBe(35 * MIN);
    await taking.report(student, first.attemptId, 'page_hidden', '', ctx);
    const view = await proctor.view(teacher, exam.id);
    expect(view.rows.find((r) => r.studentId === student.userId)!.flags).toEqual({ second_session: 1, ip_change: 1, page_hidden: 1 });
    expect(view.events.map((e) => e.kind)).toEqual(['start', 'second_session', 'ip_change', 'page_hidden']);
    expect((await proctor.view(teacher, exam.id, view.lastEventId)).events).toEqual([]);
  });

  it('keeps results from the student until released, then shows score and items', async () => {
    const exam = await openExam();
    const { attemptId } = await taking.start(student, exam.id, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'B' }, seq: 1 }, ctx);
    await taking.save(student, attemptId, { questionId: ids.tf, answer: { kind: 'true_false', values: { a: true, b: false, c: false, d: true } }, seq: 1 }, ctx);
    await taking.save(student, attemptId, { questionId: ids.numeric, answer: { kind: 'numeric', text: '3,14' }, seq: 1 }, ctx);
    const submitted = await taking.submit(student, attemptId, ctx);
    expect(submitted.result).toBeNull();
    expect((await taking.mine(student))[0]!.attempts[0]).toMatchObject({ status: 'submitted', score10: null });
    expect(await results.attemptsOfStudent(student.userId, { from: 0, to: T0 * 2 }, { releasedOnly: true })).toEqual([]);
    await exams.release(teacher, exam.id);
    // 0.25 + 0.25 (two statements right) + 0.5 = 1 of 1.75.
    const view = await taking.view(student, attemptId, ctx);
    expect(view.result).toMatchObject({ points: 1, maxPoints: 1.75, score10: 5.7 });
    expect((await results.attemptsOfStudent(student.userId, { from: 0, to: T0 * 2 }, { releasedOnly: true })).map((a) => a.score10)).toEqual([5.7]);
  });
});

describe('the teacher’s controls', () => {
  it('extends and reopens with a reason, recorded; a reason is required', async () => {
    const exam = await openExam();
    const { attemptId, deadlineAt } = await taking.start(student, exam.id, ctx);
    await expect(exams.extend(teacher, attemptId, 10, ' ')).rejects.toBeInstanceOf(ValidationError);
    expect((await exams.extend(teacher, attemptId, 10, 'Mất điện')).deadlineAt).toBe(deadlineAt + 10 * MIN);
    await taking.submit(student, attemptId, ctx);
    await expect(exams.extend(teacher, attemptId, 5, 'x')).rejects.toBeInstanceOf(ConflictError);
    const reopened = await exams.reopen(teacher, attemptId, 15, 'Rớt mạng khi nộp');
    expect(reopened).toMatchObject({ status: 'in_progress', deadlineAt: clock.now() + 15 * MIN });
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'B' }, seq: 1 }, ctx);
    const trail = (await proctor.trail(teacher, attemptId)).map((e) => [e.kind, e.actorId, e.data['reason'] ?? null]);
    expect(trail).toContainEqual(['extension', 'u_teacher', 'Mất điện']);
    expect(trail).toContainEqual(['reopen', 'u_teacher', 'Rớt mạng khi nộp']);
    await expect(exams.extend(await world.actor('teacher2'), attemptId, 5, 'x')).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('grades an essay by hand and regrades after a key change, recording who changed what', async () => {
    const exam = await openExam({ mode: 'quiz', attemptsAllowed: 2, scheme: 'simple', questions: [{ questionId: ids.single }, { questionId: ids.essay }] });
    const { attemptId } = await taking.start(student, exam.id, ctx);
    await taking.save(student, attemptId, { questionId: ids.single, answer: { kind: 'single_choice', choice: 'C' }, seq: 1 }, ctx);
    await taking.save(student, attemptId, { questionId: ids.essay, answer: { kind: 'essay', text: 'Bài thơ…' }, seq: 1 }, ctx);
    await taking.submit(student, attemptId, ctx);
    const csv = resultsCsv((await proctor.view(teacher, exam.id)).rows);
    expect(csv.startsWith('\uFEFFSTT,Mã định danh,Họ và tên')).toBe(true);
    const sheet = strFromU8(unzipSync(resultsXlsx((await proctor.view(teacher, exam.id)).rows))['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<t xml:space="preserve">Mã định danh</t>');
    expect(sheet).toContain('<t xml:space="preserve">Lê Văn Cường</t>');
    expect(sheet).toContain('<t xml:space="preserve">Đã nộp</t>');
    expect((await results.resultsOfAssessment(exam.id))!.attempts[0]).toMatchObject({ points: null, status: 'submitted' });
    const review = await exams.review(teacher, attemptId);
    expect(review.items.map((i) => [i.kind, i.grade.outcome, i.points])).toEqual([['single_choice', 'incorrect', 1], ['essay', 'pending_manual', 1]]);
    expect(review.items[1]!.question.key).toMatchObject({ kind: 'essay', guidance: expect.any(String) });
    await expect(exams.review(student, attemptId)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(exams.gradeItem(teacher, attemptId, ids.essay, 1.5, '')).rejects.toBeInstanceOf(ValidationError);
    expect((await exams.gradeItem(teacher, attemptId, ids.essay, 0.8, 'Khá')).result).toEqual({ points: 0.8, maxPoints: 2, score10: 4 });
    // Hand marks are in the question's points; the paper's total is on 0–10, one decimal, half up,
    // and that number is what is stored (raw row) and what the results seam gives the gradebook.
    expect((await exams.gradeItem(teacher, attemptId, ids.essay, 0.29, 'Tạm')).result).toEqual({ points: 0.29, maxPoints: 2, score10: 1.5 });
    const raw = await t.storage.db.all('SELECT result FROM exam_attempts WHERE id = ?', [attemptId]);
    expect(JSON.parse(String(raw[0]!['result']))).toEqual({ points: 0.29, maxPoints: 2, score10: 1.5 });
    expect((await results.resultsOfAssessment(exam.id))!.attempts[0]).toMatchObject({ points: 0.29, score10: 1.5 });
    expect((await exams.gradeItem(teacher, attemptId, ids.essay, 0.8, 'Khá')).result).toMatchObject({ points: 0.8, maxPoints: 2 });
    // The key said B; the teacher corrects the question so that C is right, and regrades.
    const fixed = await bank.update(teacher, ids.single, { baseVersion: 1, question: { ...SINGLE, key: { ...SINGLE.key, correct: 'C' } as Question['key'] }, note: 'sửa đáp án' });
    const { changed } = await exams.regrade(teacher, exam.id, ids.single, fixed.question.version, 'Đáp án đúng là C');
    expect(changed).toEqual([{ attemptId, before: 0.8, after: 1.8 }]);
    expect((await t.storage.exams.getAttempt(attemptId))!.result).toEqual({ points: 1.8, maxPoints: 2, score10: 9 });
    // 1.29 of 2 is 6.45 on the scale: half up to 6.5.
    expect((await exams.gradeItem(teacher, attemptId, ids.essay, 0.29, '')).result).toEqual({ points: 1.29, maxPoints: 2, score10: 6.5 });
    const regrade = (await proctor.trail(teacher, attemptId)).length;
    expect(regrade).toBeGreaterThan(0);
    const stats = await results.questionStatistics(exam.id);
    expect(stats.find((s) => s.questionId === ids.single)).toMatchObject({ version: 2, attempts: 1, shareCorrect: 1, choiceCounts: { C: 1 } });
  });
});

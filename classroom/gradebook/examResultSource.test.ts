/**
 * The gradebook's ResultSource over the real quiz/exam feature (classroom/exams ExamResults):
 * an exam's scores reach a gradebook column and a student's results only once released.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/index.js';
import { MemoryImages } from '../__fixtures__/memoryImages.js';
import { SINGLE } from '../__fixtures__/questions.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { ExamCore, ExamResults, ExamService, ExamTaking } from '../exams/index.js';
import { QuestionBank } from '../questionBank/index.js';
import { GradebookService } from './GradebookService.js';
import { resultSourceFrom } from './ResultSource.js';
import { StudentResults } from './StudentResults.js';

const T0 = 1_800_000_000_000; // January 2027: school year 2026-2027
const MIN = 60_000;
let t: TestStorage;
let clock: ManualClock;
let world: World;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock(T0);
  world = await seedWorld(t.storage, clock);
});
afterEach(() => t.dispose());

describe('exam scores in the gradebook through ResultSource', () => {
  it('a finished exam fills a column and shows in the results only after its release', async () => {
    const core = new ExamCore(t.storage, { clock });
    const bank = new QuestionBank(t.storage, { clock, images: new MemoryImages() });
    const exams = new ExamService(core, bank);
    const taking = new ExamTaking(core);
    const source = resultSourceFrom(new ExamResults(core), clock);
    const book = new GradebookService(t.storage, { clock, results: source });
    const results = new StudentResults(t.storage, { clock, results: source });
    const teacher = await world.actor('teacher');
    const student = await world.actor('student');
    const questionId = (await bank.create(teacher, { subjectId: world.math, shared: false, tags: { gradeLevel: 10, topic: null, level: null }, question: SINGLE })).question.id;
    const exam = await exams.create(teacher, {
      classId: world.classA, subjectId: world.math, title: 'Kiểm tra 15 phút', mode: 'quiz', opensAt: T0 + MIN, closesAt: T0 + 60 * MIN, timeLimitMinutes: 15,
      attemptsAllowed: 1, shuffleQuestions: false, shuffleOptions: false, releasePolicy: 'manual', scheme: 'vn2025-math', questions: [{ questionId }],
    });
    clock.set(exam.opensAt);
    const ctx = { clientId: 'tab', ip: '10.0.0.1' };
    const { attemptId } = await taking.start(student, exam.id, ctx);
    await taking.save(student, attemptId, { questionId, answer: { kind: 'single_choice', choice: 'B' }, seq: 1 }, ctx);
    await taking.submit(student, attemptId, ctx);
    const key = { classId: world.classA, subjectId: world.math, schoolYear: '2026-2027', term: 1 as const };
    const fill = () => book.fillColumn(teacher, key, { slot: 'tx1', assignmentIds: [], assessmentIds: [exam.id], combine: 'single' });

    // Not released: not offered, refused, not in the student's results.
    expect(await book.assessmentsFor(teacher, key)).toEqual([]);
    await expect(fill()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await results.of(student, student.userId, '2026-2027')).quizzes).toEqual([]);

    await exams.release(teacher, exam.id);
    expect((await book.assessmentsFor(teacher, key)).map((q) => [q.assessmentId, q.title])).toEqual([[exam.id, 'Kiểm tra 15 phút']]);
    expect(await fill()).toEqual({ changed: 1 });
    const score10 = (await results.of(student, student.userId, '2026-2027')).quizzes.map((q) => q.score10);
    expect(score10).toEqual([10]); // B is SINGLE's key: the full score
    const cell = (await book.view(teacher, key)).rows.find((r) => r.student.userId === student.userId)!.cells.tx1;
    expect(cell).toMatchObject({ scoreTenths: 100, source: `quiz:${exam.id}` });
  });
});

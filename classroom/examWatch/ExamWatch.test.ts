import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock, ValidationError, silentLogger } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { ESSAY, SINGLE } from '../__fixtures__/questions.js';
import { MemoryImages } from '../__fixtures__/memoryImages.js';
import { lesson as roomLesson, media } from '../__fixtures__/liveRoom.js';
import type { Actor } from '../authz/index.js';
import { ExamActivity, ExamCore, ExamLive, ExamService, ExamTaking, type NewExamInput } from '../exams/index.js';
import { LessonRoom, type Audience, type FeatureEvent, type JoinIdentity } from '../liveRoom/index.js';
import { QuestionBank } from '../questionBank/index.js';
import { EXAM_WATCH, examWatchFeature, type ExamWatchEvent } from './index.js';

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const ctx = { clientId: 'tab-aaaaaaaa', ip: '10.0.0.5' };

let t: TestStorage;
let clock: ManualClock;
let world: World;
let exams: ExamService;
let taking: ExamTaking;
let activity: ExamActivity;
let live: ExamLive;
let teacher: Actor;
let student: Actor;
let questions: Array<{ questionId: string }>;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock(T0);
  world = await seedWorld(t.storage, clock);
  activity = new ExamActivity();
  const core = new ExamCore(t.storage, { clock, activity });
  const bank = new QuestionBank(t.storage, { clock, images: new MemoryImages() });
  exams = new ExamService(core, bank);
  taking = new ExamTaking(core);
  live = new ExamLive(core);
  teacher = await world.actor('teacher');
  student = await world.actor('student');
  const put = async (q: typeof SINGLE) => ({ questionId: (await bank.create(teacher, { subjectId: world.math, shared: false, tags: { gradeLevel: 10, topic: null, level: null }, question: q })).question.id });
  questions = [await put(SINGLE), await put(ESSAY)];
  await t.storage.lessons.create({
    id: roomLesson.id, schoolId: world.schoolId, classId: world.classA, subjectId: world.math, teacherId: 'u_teacher', title: 'Toán 10A1',
    scheduledStart: T0, scheduledEnd: T0 + 45 * MIN, startedAt: T0, endedAt: null, cancelledAt: null, passwordHash: null, createdAt: T0,
  });
});
afterEach(() => t.dispose());

const examInput = (over: Partial<NewExamInput> = {}): NewExamInput => ({
  classId: world.classA, subjectId: world.math, title: 'Kiểm tra 15 phút', mode: 'exam', opensAt: T0, closesAt: T0 + 60 * MIN, timeLimitMinutes: 15,
  attemptsAllowed: 1, shuffleQuestions: false, shuffleOptions: false, releasePolicy: 'manual', scheme: 'simple', questions, lessonId: roomLesson.id, ...over,
});

const who = (userId: string, displayName: string, role: 'teacher' | 'student'): JoinIdentity => ({ userId, displayName, role, classMember: true });

function openRoom() {
  const room = new LessonRoom({
    lesson: roomLesson, settings: { autoAdmit: true }, clock, logger: silentLogger(), reconnectGraceMs: 20_000,
    features: [examWatchFeature({ boundTo: (id) => live.boundTo(id), rows: (e, s) => live.rows(e, s), subscribe: (id, l) => activity.subscribe(id, l) })],
  });
  const told: Array<{ audience: Audience; event: ExamWatchEvent }> = [];
  room.on('feature', (audience: Audience, event: FeatureEvent) => told.push({ audience, event: event as ExamWatchEvent }));
  return { room, told };
}

const rowEvents = (told: Array<{ audience: Audience; event: ExamWatchEvent }>) => told.filter((x) => x.event.type === 'lessonExamRow');

describe('ExamWatch: an exam run inside the live lesson', () => {
  it('shows the teachers each student’s state and flags as they happen; students get the exam, never a row', async () => {
    const exam = await exams.create(teacher, examInput());
    const { room, told } = openRoom();
    const tId = (await room.join(who('u_teacher', 'Cô Bình', 'teacher'), media)).participant.id;
    const sId = (await room.join(who('u_student', 'Cường', 'student'), media)).participant.id;
    const s2Id = (await room.join(who('u_student2', 'An', 'student'), media)).participant.id;
    const bound = { examId: exam.id, title: exam.title, mode: 'exam', opensAt: T0, closesAt: T0 + 60 * MIN, timeLimitMs: 15 * MIN, questionCount: 2 };
    expect(EXAM_WATCH.snapshotIn(await room.snapshot(sId))).toEqual({ exams: [bound], rows: [] });
    expect(EXAM_WATCH.snapshotIn(await room.snapshot(tId))).toEqual({ exams: [bound], rows: [] });

    const { attemptId } = await taking.start(student, exam.id, ctx);
    await vi.waitFor(() => expect(rowEvents(told).at(-1)?.event).toMatchObject({ row: { studentId: 'u_student', status: 'in_progress', answered: 0 }, flag: '' }));
    await taking.save(student, attemptId, { questionId: questions[0]!.questionId, answer: { kind: 'single_choice', choice: 'B' }, seq: 1 }, ctx);
    await vi.waitFor(() => expect(rowEvents(told).at(-1)?.event).toMatchObject({ row: { status: 'in_progress', answered: 1, questionCount: 2 } }));
    clock.advance(1_000);
    await taking.report(student, attemptId, 'page_hidden', '', ctx);
    await vi.waitFor(() => expect(rowEvents(told).at(-1)?.event).toMatchObject({ row: { flags: { page_hidden: 1 }, lastFlag: { kind: 'page_hidden', at: T0 + 1_000 } }, flag: 'page_hidden' }));
    // A second tab of the same student is seen by the server and flagged too.
    await taking.view(student, attemptId, { clientId: 'tab-bbbbbbbb', ip: '10.0.0.9' });
    await vi.waitFor(() => expect(rowEvents(told).at(-1)?.event).toMatchObject({ row: { flags: { page_hidden: 1, second_session: 1, ip_change: 1 } } }));

    expect(EXAM_WATCH.snapshotIn(await room.snapshot(tId))!.rows).toMatchObject([{ studentId: 'u_student', status: 'in_progress', answered: 1, flags: { page_hidden: 1 } }]);
    // A classmate never learns another student's progress or flags: not in a snapshot, not in a push.
    expect(EXAM_WATCH.snapshotIn(await room.snapshot(s2Id))!.rows).toEqual([]);
    expect(EXAM_WATCH.snapshotIn(await room.snapshot(sId))!.rows).toEqual([]);
    expect(rowEvents(told).length).toBeGreaterThanOrEqual(4);
    expect(rowEvents(told).every((x) => x.audience.to === 'teachers')).toBe(true);

    await taking.submit(student, attemptId, { clientId: 'tab-bbbbbbbb', ip: '10.0.0.9' });
    await vi.waitFor(() => expect(rowEvents(told).at(-1)?.event).toMatchObject({ row: { studentId: 'u_student', status: 'submitted', answered: 1 }, flag: '' }));
    room.close();
    expect(activity.lessons).toBe(0);
  });

  it('an exam bound during the lesson reaches everyone; a room opened later finds the exams and states', async () => {
    const { room, told } = openRoom();
    const sId = (await room.join(who('u_student', 'Cường', 'student'), media)).participant.id;
    expect(EXAM_WATCH.snapshotIn(await room.snapshot(sId))).toEqual({ exams: [], rows: [] });
    const exam = await exams.create(teacher, examInput());
    await vi.waitFor(() => expect(told.find((x) => x.event.type === 'lessonExamsUpdated')).toMatchObject({ audience: { to: 'everyone' }, event: { exams: [{ examId: exam.id, title: exam.title }] } }));
    // An exam without a lesson, or of another lesson, is not shown here.
    await exams.create(teacher, examInput({ title: 'Bài tập về nhà', mode: 'quiz', lessonId: null }));
    await taking.start(student, exam.id, ctx);
    room.close();

    const again = openRoom();
    const tId = (await again.room.join(who('u_teacher', 'Cô Bình', 'teacher'), media)).participant.id;
    expect(EXAM_WATCH.snapshotIn(await again.room.snapshot(tId))).toMatchObject({ exams: [{ examId: exam.id }], rows: [{ studentId: 'u_student', status: 'in_progress' }] });
    again.room.close();
  });

  it('binds only to a lesson of the exam’s class and subject that is not over; offers those lessons', async () => {
    expect((await exams.lessonChoices(teacher)).map((l) => [l.lessonId, l.live])).toEqual([[roomLesson.id, true]]);
    expect(await exams.lessonChoices(await world.actor('teacher2'))).toEqual([]);
    await expect(exams.create(teacher, examInput({ lessonId: 'no-such-lesson' }))).rejects.toMatchObject({ details: { reason: 'LESSON_NOT_FOUND' } });
    await t.storage.lessons.create({
      id: 'lesson-phys', schoolId: world.schoolId, classId: world.classA, subjectId: world.physics, teacherId: 'u_teacher2', title: 'Lý',
      scheduledStart: T0 + 60 * MIN, scheduledEnd: T0 + 105 * MIN, startedAt: null, endedAt: null, cancelledAt: null, passwordHash: null, createdAt: T0,
    });
    await expect(exams.create(teacher, examInput({ lessonId: 'lesson-phys' }))).rejects.toMatchObject({ details: { reason: 'LESSON_OTHER_CLASS' } });
    await t.storage.lessons.markEnded(roomLesson.id, T0 + 1);
    await expect(exams.create(teacher, examInput())).rejects.toBeInstanceOf(ValidationError);
    await expect(exams.create(teacher, examInput())).rejects.toMatchObject({ details: { reason: 'LESSON_OVER' } });
    expect(await t.storage.exams.examsOfClasses([world.classA])).toEqual([]);
  });
});

/**
 * The live quiz through the real server (R2, R8, R11): a bank question put to the class, answers
 * acknowledged only once stored, the teacher's tally, refusals (double answer, non-student,
 * closed question, oversized poll) that store nothing, the key absent from every frame a student
 * receives before the reveal, and the answers in the attendance table and its CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { SINGLE } from '../testkit/questions.js';
import { classroom } from '../proto/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient, type ServerMessage } from '../testkit/wsClient.js';

const v1 = classroom.v1;
const K = v1.LiveQuestionKind;
let server: TestServer;
let world: SchoolWorld;
let teacherApi: ApiClient;
const studentApi: ApiClient[] = [];
let questionId = '';

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  teacherApi = await signedIn(server.httpUrl, world.teacherA);
  for (const s of world.studentsA) studentApi.push(await signedIn(server.httpUrl, s));
  const teacher = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const saved = await server.services.questionBank.create(teacher, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: SINGLE });
  questionId = saved.question.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function connect(api: ApiClient): Promise<{ client: TestClient; id: string; join: ServerMessage }> {
  const client = await TestClient.connect(server.wsUrl, { cookie: api.cookie });
  const join = await client.join({ lessonId: world.lessonA.id });
  return { client, id: join.join?.participantId ?? '', join };
}

const errorOf = (m: ServerMessage) => ({ code: m.error?.code, reason: m.error?.reason });
const keyWords = (m: ServerMessage) => JSON.stringify(m).match(/"key"|"correct"|"explanation"/g);

describe('live quiz through the server', () => {
  it('runs a question end to end: acks after storing, refuses what it must, tallies, reveals, counts in attendance', async () => {
    const teacher = await connect(teacherApi);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const students = [await connect(studentApi[0]!), await connect(studentApi[1]!), await connect(studentApi[2]!)];

    const oversized = await teacher.client.request({ startLiveQuiz: { poll: { text: 'Câu hỏi', options: ['1', '2', '3', '4', '5', '6', '7'] }, durationSec: 30 } });
    expect(errorOf(oversized).code).toBe(v1.ErrorCode.ERROR_CODE_TOO_LARGE);
    const byStudent = await students[0]!.client.request({ startLiveQuiz: { bank: { questionId }, durationSec: 30 } });
    expect(errorOf(byStudent).code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(await server.services.storage.liveQuiz.quizzesOfLesson(world.lessonA.id)).toEqual([]);

    expect((await teacher.client.request({ startLiveQuiz: { bank: { questionId }, durationSec: 60 } })).ack).toBeTruthy();
    const opened = await students[0]!.client.waitForPush((m) => !!m.liveQuizOpened, 5000, 'liveQuizOpened');
    const quizId = opened.liveQuizOpened!.quiz!.id ?? '';
    expect(opened.liveQuizOpened!.quiz!.body!.options!.map((o) => o.id)).toEqual(['A', 'B', 'C', 'D']);
    const teacherView = await teacher.client.waitForPush((m) => !!m.liveQuizTeacherView, 5000, 'teacher view');
    expect(teacherView.liveQuizTeacherView!.quiz!.key!.correct).toEqual(['B']);

    const answer = (i: number, choice: string) => students[i]!.client.request({ answerLiveQuiz: { quizId, answer: { kind: K.LIVE_QUESTION_KIND_SINGLE_CHOICE, choice } } });
    const ack = await answer(0, 'B');
    expect(ack.ack).toBeTruthy();
    // Acknowledged means stored.
    expect((await server.services.storage.liveQuiz.answersOf(quizId)).map((a) => a.userId)).toEqual([world.studentsA[0]!.userId]);
    expect(errorOf(await answer(0, 'C'))).toEqual({ code: v1.ErrorCode.ERROR_CODE_CONFLICT, reason: 'already_answered' });
    expect(errorOf(await answer(1, 'Z'))).toEqual({ code: v1.ErrorCode.ERROR_CODE_BAD_REQUEST, reason: 'answer_invalid' });
    const fromTeacher = await teacher.client.request({ answerLiveQuiz: { quizId, answer: { kind: K.LIVE_QUESTION_KIND_SINGLE_CHOICE, choice: 'B' } } });
    expect(errorOf(fromTeacher)).toEqual({ code: v1.ErrorCode.ERROR_CODE_FORBIDDEN, reason: 'not_student' });
    expect((await answer(1, 'A')).ack).toBeTruthy();

    const tally = await teacher.client.waitForPush((m) => (m.liveQuizTally?.tally?.answered ?? 0) >= 2, 5000, 'tally of 2');
    expect(tally.liveQuizTally!.tally).toMatchObject({ answered: 2, correct: 1, incorrect: 1 });
    expect(students.some((s) => s.client.pushes.some((m) => m.liveQuizTally))).toBe(false);

    expect((await teacher.client.request({ closeLiveQuiz: { quizId } })).ack).toBeTruthy();
    await students[2]!.client.waitForPush((m) => !!m.liveQuizClosed, 5000, 'closed');
    expect(errorOf(await answer(2, 'B'))).toEqual({ code: v1.ErrorCode.ERROR_CODE_CONFLICT, reason: 'quiz_closed' });
    expect(await server.services.storage.liveQuiz.answersOf(quizId)).toHaveLength(2);

    // Before the reveal, no frame a student received carries the key.
    for (const s of students) {
      for (const m of [s.join, ...s.client.pushes]) expect(keyWords(m)).toBeNull();
    }
    await teacher.client.request({ revealLiveQuiz: { quizId } });
    const revealed = await students[1]!.client.waitForPush((m) => !!m.liveQuizRevealed, 5000, 'revealed');
    expect(revealed.liveQuizRevealed!.reveal!.key!.correct).toEqual(['B']);
    expect(revealed.liveQuizRevealed!.reveal!.tally!.answered).toBe(2);
    const mine = await students[1]!.client.waitForPush((m) => !!m.liveQuizMyResult, 5000, 'my result');
    expect(mine.liveQuizMyResult!.outcome).toBe(v1.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_INCORRECT);

    // A student who comes back sees the revealed question and their own answer in the snapshot.
    students[0]!.client.close();
    const back = await connect(studentApi[0]!);
    const state = back.join.join!.snapshot!.liveQuiz!;
    expect(state.quiz!.id).toBe(quizId);
    expect(state.myAnswer!.choice).toBe('B');
    expect(state.reveal!.myOutcome).toBe(v1.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_CORRECT);
    expect(state.quiz!.tally).toBeFalsy();

    await teacher.client.request({ endLiveQuiz: { quizId } });
    await students[2]!.client.waitForPush((m) => !!m.liveQuizEnded, 5000, 'ended');

    const report = await teacher.client.request({ getAttendance: {} });
    const rows = report.attendance!.rows!;
    const row = (i: number) => rows.find((r) => r.userId === world.studentsA[i]!.userId);
    expect([row(0)?.quizAnswers, row(0)?.quizCorrect, row(1)?.quizAnswers, row(1)?.quizCorrect, row(2)?.quizAnswers ?? 0]).toEqual([1, 1, 1, 0, 0]);
    const csv = await teacherApi.get(`/api/lessons/${world.lessonA.id}/attendance.csv`);
    expect(csv.text).toContain('Số câu hỏi nhanh đã trả lời');
    for (const c of [teacher, back, ...students]) c.client.close();
  });
});

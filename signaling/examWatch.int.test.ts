/**
 * An exam run inside the live lesson, through the real server (issue 7): the teacher binds the
 * exam to the running lesson; everyone in the lesson learns it is there; a student's start,
 * answers and page-hidden report (over HTTP) reach the lesson's teacher as a row beside the
 * student, with the flag, live; no student ever receives a row (their own or a classmate's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { ESSAY, SINGLE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient, type ServerMessage } from '../testkit/wsClient.js';

let server: TestServer;
let world: SchoolWorld;
let teacherApi: ApiClient;
const studentApi: ApiClient[] = [];
let questions: string[];

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  teacherApi = await signedIn(server.httpUrl, world.teacherA);
  for (const s of world.studentsA) studentApi.push(await signedIn(server.httpUrl, s));
  const actor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await server.services.questionBank.create(actor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  questions = [await put(SINGLE), await put(ESSAY)];
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function connect(api: ApiClient): Promise<{ client: TestClient; join: ServerMessage }> {
  const client = await TestClient.connect(server.wsUrl, { cookie: api.cookie });
  const join = await client.join({ lessonId: world.lessonA.id });
  return { client, join };
}

const examBody = (over: Record<string, unknown> = {}) => ({
  classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra 15 phút', mode: 'exam', opensAt: Date.now() - 1000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 15,
  attemptsAllowed: 1, shuffleQuestions: false, shuffleOptions: false, releasePolicy: 'manual', scheme: 'simple', questions: questions.map((questionId) => ({ questionId })), ...over,
});

describe('an exam inside the live lesson', () => {
  it('the form offers the running lesson; a lesson of another class is refused and nothing is stored', async () => {
    const list = await teacherApi.get<{ lessons: Array<{ lessonId: string; live: boolean }> }>('/api/exams');
    expect(list.json.lessons).toContainEqual(expect.objectContaining({ lessonId: world.lessonA.id, live: true }));
    const before = (await teacherApi.get<{ exams: unknown[] }>('/api/exams')).json.exams.length;
    const wrong = await teacherApi.post('/api/exams', examBody({ classId: world.classB, lessonId: world.lessonA.id }));
    expect(wrong.status).not.toBe(201);
    const other = await teacherApi.post<{ error: { details?: { reason?: string } } }>('/api/exams', examBody({ lessonId: 'les_nope' }));
    expect(other.status).toBe(400);
    expect(other.text).toContain('LESSON_NOT_FOUND');
    expect((await teacherApi.get<{ exams: unknown[] }>('/api/exams')).json.exams.length).toBe(before);
  });

  it('the teacher sees a student start, answer and hide the page beside the student; classmates see nothing of it', async () => {
    const teacher = await connect(teacherApi);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const [a, b] = [await connect(studentApi[0]!), await connect(studentApi[1]!)];

    const created = await teacherApi.post<{ exam: { id: string; lessonId: string | null } }>('/api/exams', examBody({ lessonId: world.lessonA.id }));
    expect(created.status, created.text).toBe(201);
    const examId = created.json.exam.id;
    expect(created.json.exam.lessonId).toBe(world.lessonA.id);
    for (const c of [teacher, a, b]) {
      const pushed = await c.client.waitForPush((m) => m.lessonExamsUpdated?.exams?.some((e) => e.examId === examId) === true, 5000, 'exam bound');
      expect(pushed.lessonExamsUpdated!.exams![0]).toMatchObject({ title: 'Kiểm tra 15 phút', mode: 'exam', questionCount: 2 });
    }

    const userA = world.studentsA[0]!.userId;
    const start = await studentApi[0]!.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: 'tab-aaaaaaaa' });
    expect(start.status, start.text).toBe(200);
    const attemptId = start.json.attemptId;
    await teacher.client.waitForPush((m) => m.lessonExamRow?.row?.studentUserId === userA && m.lessonExamRow.row.status === 'in_progress', 5000, 'started');
    const saved = await studentApi[0]!.request('PUT', `/api/exam-attempts/${attemptId}/answers/${questions[0]}`, { answer: { kind: 'single_choice', choice: 'B' }, seq: 1, clientId: 'tab-aaaaaaaa' });
    expect(saved.status, saved.text).toBe(200);
    await teacher.client.waitForPush((m) => m.lessonExamRow?.row?.studentUserId === userA && m.lessonExamRow.row.answered === 1, 5000, 'answered 1');
    expect((await studentApi[0]!.post(`/api/exam-attempts/${attemptId}/events`, { kind: 'page_hidden', detail: '', clientId: 'tab-aaaaaaaa' })).status).toBe(204);
    const flagged = await teacher.client.waitForPush((m) => m.lessonExamRow?.flag === 'page_hidden', 5000, 'page hidden');
    expect(flagged.lessonExamRow!.row).toMatchObject({ studentUserId: userA, status: 'in_progress', answered: 1, questionCount: 2, lastFlag: 'page_hidden', flags: [{ kind: 'page_hidden', count: 1 }] });

    // A teacher who (re)joins finds the row in the snapshot; a student's snapshot has the exam only.
    const again = await connect(teacherApi);
    expect(again.join.join?.snapshot?.examWatch?.rows).toEqual([expect.objectContaining({ studentUserId: userA, lastFlag: 'page_hidden' })]);
    const bAgain = await connect(studentApi[1]!);
    expect(bAgain.join.join?.snapshot?.examWatch?.exams?.map((e) => e.examId)).toEqual([examId]);
    expect(bAgain.join.join?.snapshot?.examWatch?.rows ?? []).toEqual([]);
    for (const c of [a, b, bAgain]) {
      expect(c.client.pushes.some((m) => m.lessonExamRow)).toBe(false);
      expect(JSON.stringify(c.client.pushes)).not.toContain('page_hidden');
    }
    for (const c of [teacher, again, a, b, bAgain]) c.client.close();
  });
});

/**
 * Quizzes and exams over HTTP (R11): a student's responses never carry a key, a score before
 * release or another student's answer; bad input and closed attempts get a clear error and
 * change nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { ApiClient, type ApiResult } from '../testkit/apiClient.js';
import { ESSAY, SINGLE, TRUE_FALSE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let teacher: ApiClient;
let questions: string[];

/** Every response this client received, as text. */
class Recording extends ApiClient {
  readonly seen: string[] = [];
  override async request<T = unknown>(method: string, path: string, body?: unknown, options?: { contentType?: string; origin?: string }): Promise<ApiResult<T>> {
    const r = await super.request<T>(method, path, body, options);
    this.seen.push(r.text);
    return r;
  }
}

const students = new Map<number, Recording>();
/** Student i of 8A, signed in once (the first sign-in changes the password). */
async function student(i: number): Promise<Recording> {
  let c = students.get(i);
  if (!c) {
    const plain = await signedIn(server.httpUrl, world.studentsA[i]!);
    c = new Recording(server.httpUrl);
    c.cookie = plain.cookie;
    students.set(i, c);
  }
  return c;
}

async function give(over: Record<string, unknown> = {}): Promise<string> {
  const r = await teacher.post<{ exam: { id: string } }>('/api/exams', {
    classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra giữa kỳ', mode: 'exam', opensAt: Date.now() - 1000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 45,
    attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', scheme: 'simple', questions: questions.map((questionId) => ({ questionId })), ...over,
  });
  expect(r.status, r.text).toBe(201);
  return r.json.exam.id;
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  teacher = await signedIn(server.httpUrl, world.teacherA);
  const actor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await server.services.questionBank.create(actor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  questions = [await put(SINGLE), await put(TRUE_FALSE), await put(ESSAY)];
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const save = (c: ApiClient, attemptId: string, questionId: string, answer: unknown, seq = 1, clientId = 'tab-aaaaaaaa') =>
  c.request('PUT', `/api/exam-attempts/${attemptId}/answers/${questionId}`, { answer, seq, clientId });

describe('what a student receives during an exam', () => {
  it('has no key, no score and no other student’s answer, until the teacher releases', async () => {
    const examId = await give();
    const [a, b] = [await student(0), await student(1)];
    const other = (await b.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: 'tab-bbbbbbbb' })).json.attemptId;
    expect((await save(b, other, questions[2]!, { kind: 'essay', text: 'BÀI LÀM RIÊNG CỦA BẠN KHÁC' }, 1, 'tab-bbbbbbbb')).status).toBe(200);
    await a.get('/api/my/exams');
    const start = await a.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: 'tab-aaaaaaaa' });
    const mine = start.json.attemptId;
    await save(a, mine, questions[0]!, { kind: 'single_choice', choice: 'B' });
    await save(a, mine, questions[1]!, { kind: 'true_false', values: { a: true, b: false } });
    await a.post(`/api/exam-attempts/${mine}/events`, { kind: 'page_hidden', detail: '', clientId: 'tab-aaaaaaaa' });
    await a.get(`/api/exam-attempts/${mine}?clientId=tab-aaaaaaaa`);
    expect((await a.get(`/api/exam-attempts/${other}?clientId=tab-aaaaaaaa`)).status).toBe(403);
    await a.post(`/api/exam-attempts/${mine}/submit`, { clientId: 'tab-aaaaaaaa' });
    await a.get('/api/my/exams');
    const all = a.seen.join('\n');
    for (const secret of ['"correct"', '"truths"', '"explanation"', '"guidance"', '"accepted"', 'Rightarrow', 'Mở bài 0,5', 'BÀI LÀM RIÊNG', '"grade"', '"seed"']) expect(all, secret).not.toContain(secret);
    expect(all).not.toMatch(/"score10":\d/);
    expect(all).not.toMatch(/"result":\{/);
    expect(a.seen.every((t) => !t.includes(other))).toBe(true);
    // Once released, the student sees their score.
    expect((await teacher.post(`/api/exams/${examId}/release`)).status).toBe(200);
    const after = await a.get<{ result: { maxPoints: number } | null }>(`/api/exam-attempts/${mine}?clientId=tab-aaaaaaaa`);
    // One point a question (the simple scheme); the essay waits for a person, so no total yet.
    expect(after.json.result?.maxPoints).toBe(3);
  });
});

describe('bad input and closed attempts', () => {
  it('refuses each with a clear error and changes nothing stored', async () => {
    const examId = await give();
    const a = await student(0);
    const b = await student(1);
    const { attemptId } = (await a.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: 'tab-aaaaaaaa' })).json;
    expect((await save(a, attemptId, questions[0]!, { kind: 'single_choice', choice: 'B' })).status).toBe(200);
    const stored = async () => (await a.get<{ answers: unknown[] }>(`/api/exam-attempts/${attemptId}?clientId=tab-aaaaaaaa`)).json.answers;
    const before = await stored();
    const malformed = await a.request('PUT', `/api/exam-attempts/${attemptId}/answers/${questions[0]}`, '{"answer":', { contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect((await save(a, attemptId, questions[0]!, { kind: 'drawing', strokes: [] })).status).toBe(400);
    const wrongFit = await save(a, attemptId, questions[0]!, { kind: 'single_choice', choice: 'Q' }, 2);
    expect([wrongFit.status, (wrongFit.json as { error: { reason?: string } }).error.reason]).toEqual([400, 'ANSWER_INVALID']);
    expect((await save(a, attemptId, questions[0]!, { kind: 'essay', text: 'x'.repeat(60_000) }, 3)).status).toBe(413);
    expect((await save(b, attemptId, questions[0]!, { kind: 'single_choice', choice: 'A' }, 9, 'tab-bbbbbbbb')).status).toBe(403);
    expect((await save(a, attemptId, 'not-on-the-paper', { kind: 'single_choice', choice: 'A' }, 9)).status).toBe(400);
    const otherClass = await signedIn(server.httpUrl, world.studentB);
    expect((await otherClass.post(`/api/exams/${examId}/start`, { clientId: 'tab-cccccccc' })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('refuses answers after the deadline (the close time caps it) and after submitting', async () => {
    const examId = await give({ closesAt: Date.now() + 2500 });
    const a = await student(0);
    const { attemptId, deadlineAt } = (await a.post<{ attemptId: string; deadlineAt: number }>(`/api/exams/${examId}/start`, { clientId: 'tab-aaaaaaaa' })).json;
    expect(deadlineAt).toBeLessThanOrEqual(Date.now() + 2500);
    await new Promise((r) => setTimeout(r, Math.max(0, deadlineAt - Date.now()) + 200));
    const late = await save(a, attemptId, questions[0]!, { kind: 'single_choice', choice: 'B' });
    expect(late.status).toBe(409);
    expect(['DEADLINE_PASSED', 'ATTEMPT_CLOSED']).toContain((late.json as { error: { reason?: string } }).error.reason);
    const view = await a.get<{ status: string; answers: unknown[] }>(`/api/exam-attempts/${attemptId}?clientId=tab-aaaaaaaa`);
    expect(view.json).toMatchObject({ status: 'closed_by_deadline', answers: [] });
    expect((await a.post(`/api/exam-attempts/${attemptId}/submit`, { clientId: 'tab-aaaaaaaa' })).status).toBe(409);
    expect((await a.post(`/api/exams/${examId}/start`, { clientId: 'tab-aaaaaaaa' })).status).toBe(409);
  });
});

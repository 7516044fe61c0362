/**
 * The teacher's results of an exam over HTTP (R14, R15, R11): statistics with the paper and its
 * keys, every student's attempts, an attempt's audit trail with who did what, and a key change
 * (a new bank version) then a regrade, recorded with who changed what and each score it moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { examsHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { SINGLE, TRUE_FALSE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let teacher: ApiClient;
let questions: string[];

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  teacher = await signedIn(server.httpUrl, world.teacherA);
  const actor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await server.services.questionBank.create(actor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  questions = [await put(SINGLE), await put(TRUE_FALSE)];
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const tab = (i: number) => `tab-student-${i}`;

describe('the teacher’s results of an exam', () => {
  it('statistics, results per student, the audit trail; a key change regrades and is recorded', async () => {
    const created = await teacher.post<{ exam: { id: string } }>('/api/exams', {
      classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra 15 phút', mode: 'quiz', opensAt: Date.now() - 1000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 15,
      attemptsAllowed: 2, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'immediately', scheme: 'simple', questions: questions.map((questionId) => ({ questionId })),
    });
    expect(created.status, created.text).toBe(201);
    const examId = created.json.exam.id;
    // Student 0 answers A (wrong under key B), student 1 answers B (right); student 2 does not start.
    const attempts: string[] = [];
    for (const [i, choice] of [[0, 'A'], [1, 'B']] as const) {
      const s = await signedIn(server.httpUrl, world.studentsA[i]!);
      const start = await s.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: tab(i) });
      expect(start.status, start.text).toBe(200);
      const id = start.json.attemptId;
      attempts.push(id);
      expect((await s.request('PUT', `/api/exam-attempts/${id}/answers/${questions[0]}`, { answer: { kind: 'single_choice', choice }, seq: 1, clientId: tab(i) })).status).toBe(200);
      await s.post(`/api/exam-attempts/${id}/events`, { kind: 'page_hidden', detail: '', clientId: tab(i) });
      expect((await s.post(`/api/exam-attempts/${id}/submit`, { clientId: tab(i) })).status).toBe(200);
    }

    const stats = examsHttp.statisticsResponse.parse((await teacher.get(`/api/exams/${examId}/statistics`)).json);
    expect(stats.questions[0]).toMatchObject({ questionId: questions[0], attempts: 2, answered: 2, shareCorrect: 0.5, choiceCounts: { A: 1, B: 1 }, discrimination: null });
    expect(stats.paper.map((p) => [p.position, p.questionId, p.version])).toEqual([[1, questions[0], 1], [2, questions[1], 1]]);
    expect(stats.paper[0]!.question.key).toMatchObject({ kind: 'single_choice', correct: 'B' });

    const results = examsHttp.examResultsResponse.parse((await teacher.get(`/api/exams/${examId}/results`)).json);
    expect(Object.fromEntries(results.students.map((s) => [s.studentId, s.attempts.map((a) => [a.status, a.points, a.flags])]))).toEqual({
      [world.studentsA[0]!.userId]: [['submitted', 0, 1]],
      [world.studentsA[1]!.userId]: [['submitted', 1, 1]],
      [world.studentsA[2]!.userId]: [],
    });
    expect(results.regrades).toEqual([]);

    const trail = examsHttp.trailResponse.parse((await teacher.get(`/api/exam-attempts/${attempts[0]}/trail`)).json);
    expect(trail.events.map((e) => e.kind)).toEqual(['start', 'answer', 'page_hidden', 'submit']);
    expect(trail.events[1]).toMatchObject({ clientId: tab(0), data: { questionId: questions[0], answer: { kind: 'single_choice', choice: 'A' } } });
    expect(trail.actors[world.studentsA[0]!.userId]).toBe(world.studentsA[0]!.displayName);

    // The key was wrong: A is right. A new bank version, then the regrade with it.
    const bank = await teacher.get<{ question: { version: number; question: { body: unknown } } }>(`/api/bank/questions/${questions[0]}`);
    const saved = await teacher.request<{ question: { version: number } }>('PUT', `/api/bank/questions/${questions[0]}`, {
      baseVersion: bank.json.question.version, question: { body: bank.json.question.question.body, key: { kind: 'single_choice', correct: 'A', explanation: '' } }, note: 'Sửa đáp án',
    });
    expect(saved.status, saved.text).toBe(200);
    const regrade = await teacher.post(`/api/exams/${examId}/regrade`, { questionId: questions[0], version: saved.json.question.version, note: 'Đáp án đúng là A' });
    expect(regrade.status, regrade.text).toBe(200);
    expect(examsHttp.regradeResponse.parse(regrade.json).changed).toHaveLength(2);

    const after = examsHttp.examResultsResponse.parse((await teacher.get(`/api/exams/${examId}/results`)).json);
    const pointsOf = (i: number) => after.students.find((s) => s.studentId === world.studentsA[i]!.userId)?.attempts[0]?.points;
    expect([pointsOf(0), pointsOf(1)]).toEqual([1, 0]);
    expect(after.regrades).toEqual([
      expect.objectContaining({
        actorId: world.teacherA.userId, actorName: world.teacherA.displayName, questionId: questions[0], position: 1, fromVersion: 1, toVersion: 2, note: 'Đáp án đúng là A',
        changed: expect.arrayContaining([
          { attemptId: attempts[0], studentId: world.studentsA[0]!.userId, studentName: world.studentsA[0]!.displayName, before: 0, after: 1 },
          { attemptId: attempts[1], studentId: world.studentsA[1]!.userId, studentName: world.studentsA[1]!.displayName, before: 1, after: 0 },
        ]),
      }),
    ]);
    const statsAfter = examsHttp.statisticsResponse.parse((await teacher.get(`/api/exams/${examId}/statistics`)).json);
    expect(statsAfter.paper[0]).toMatchObject({ version: 2, question: { key: { correct: 'A' } } });

    // Another class's teacher and the students reach none of it.
    const student = await signedIn(server.httpUrl, world.studentsA[2]!);
    for (const path of [`/api/exams/${examId}/results`, `/api/exams/${examId}/statistics`, `/api/exam-attempts/${attempts[0]}/trail`]) expect((await student.get(path)).status, path).toBe(403);
    expect((await teacher.get('/api/exams/exm_nope/results')).status).toBe(404);
  });
});

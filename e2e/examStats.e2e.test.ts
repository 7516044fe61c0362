/**
 * The teacher's results of a finished test in real Chromium (R11, R14, R15): the per-question
 * statistics (table and chart), one student's audit trail and paper, then a key change and the
 * regrade: the new scores and the regrade's record (who, which question, each score it moved).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { NUMERIC, SINGLE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let examId: string;
let single: string;
let numeric: string;
let page: Page;
/** The teacher signed in once (the first sign-in changes the password). */
let teacherApi: ApiClient;
const studentApi: ApiClient[] = [];

/** Three students hand in: the first and the third chose A, the second B (the key); all typed 3,14. */
const CHOICES = ['A', 'B', 'A'] as const;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  const teacher = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await server.services.questionBank.create(teacher, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  single = await put(SINGLE);
  numeric = await put(NUMERIC);
  const exam = await server.services.exams.create(teacher, {
    classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra 15 phút Toán 8', mode: 'quiz', opensAt: Date.now() - 1000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 15,
    attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'immediately', scheme: 'simple', questions: [{ questionId: single }, { questionId: numeric }],
  });
  examId = exam.id;
  for (const [i, choice] of CHOICES.entries()) {
    const s = await signedIn(server.httpUrl, world.studentsA[i]!);
    studentApi.push(s);
    const tab = `e2e-student-tab-${i}`;
    const attemptId = (await s.post<{ attemptId: string }>(`/api/exams/${examId}/start`, { clientId: tab })).json.attemptId;
    expect((await s.request('PUT', `/api/exam-attempts/${attemptId}/answers/${single}`, { answer: { kind: 'single_choice', choice }, seq: 1, clientId: tab })).status).toBe(200);
    expect((await s.request('PUT', `/api/exam-attempts/${attemptId}/answers/${numeric}`, { answer: { kind: 'numeric', text: '3,14' }, seq: 1, clientId: tab })).status).toBe(200);
    if (i === 0) await s.post(`/api/exam-attempts/${attemptId}/events`, { kind: 'blur', detail: '', clientId: tab });
    expect((await s.post(`/api/exam-attempts/${attemptId}/submit`, { clientId: tab })).status).toBe(200);
  }
  browser = await launchChromium();
  const t = await browser.newUser();
  teacherApi = await signedIn(server.httpUrl, world.teacherA);
  await useSession(t.context, server.httpUrl, teacherApi.cookie);
  page = t.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const statsRow = () => page.locator(`[data-testid="stats-row"][data-question="${single}"]`);
const resultRow = (i: number) => page.locator(`[data-testid="student-result"][data-student="${world.studentsA[i]!.userId}"]`);

describe('the results of a finished test', () => {
  it('the teacher opens the statistics: share right, the choices with the key starred, a bar per question', async () => {
    await page.goto(`${server.httpUrl}/exams`);
    await page.locator(`[data-testid="teacher-exam"][data-exam="${examId}"]`).getByTestId('exam-results').click();
    await page.getByTestId('stats-table').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('stats-row').count()).toBe(2);
    expect(await statsRow().getByTestId('stats-share').textContent()).toBe('33 %');
    expect(await statsRow().locator('[data-testid="stats-choice"][data-option="A"]').textContent()).toBe('A: 2');
    expect(await statsRow().locator('[data-testid="stats-choice"][data-key="yes"]').textContent()).toBe('B★: 1');
    expect(await page.locator('[data-testid="stats-bar"]').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-share')))).toEqual(['33', '100']);
    expect(await resultRow(0).getByTestId('student-score').textContent()).toBe('5');
    expect(await page.getByTestId('regrade-record').count()).toBe(0);
  });

  it('opens one student’s audit trail: each answer with its tab and IP, the flag, the hand-in; and the paper', async () => {
    await resultRow(0).getByTestId('student-open').click();
    await page.getByTestId('trail-table').waitFor({ timeout: 20_000 });
    const kinds = await page.getByTestId('trail-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['start', 'answer', 'answer', 'blur', 'submit']);
    const answer = page.locator('[data-testid="trail-event"][data-kind="answer"]').first();
    expect(await answer.textContent()).toContain('e2e-student-tab-0');
    expect(await answer.textContent()).toContain(world.studentsA[0]!.displayName);
    await page.getByTestId('grade-panel').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('grade-item').count()).toBe(2);
  });

  it('changes the key and regrades: the new scores and the regrade’s record show', async () => {
    await page.goBack();
    await statsRow().getByTestId('stats-change-key').click();
    const panel = page.getByTestId('regrade-panel');
    await panel.waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid="regrade-option"][data-option="A"]').check();
    await panel.getByTestId('regrade-note').fill('Đáp án in nhầm: đúng là A');
    await panel.getByTestId('regrade-apply').click();
    await page.getByTestId('regrade-done').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('regrade-done').textContent()).toContain('3');
    await expect.poll(() => statsRow().getByTestId('stats-share').textContent(), { timeout: 10_000 }).toBe('67 %');
    expect(await statsRow().locator('[data-testid="stats-choice"][data-key="yes"]').textContent()).toBe('A★: 2');
    expect(await resultRow(0).getByTestId('student-score').textContent()).toBe('10');
    expect(await resultRow(1).getByTestId('student-score').textContent()).toBe('5');
    const record = page.getByTestId('regrade-record');
    expect(await record.count()).toBe(1);
    const text = (await record.textContent()) ?? '';
    expect(text).toContain(world.teacherA.displayName);
    expect(text).toContain('Đáp án in nhầm: đúng là A');
    expect(await record.getByTestId('regrade-change').count()).toBe(3);
    if (process.env.E2E_SHOT) await page.screenshot({ path: process.env.E2E_SHOT, fullPage: true });
    expect(await record.getByTestId('regrade-change').filter({ hasText: world.studentsA[1]!.displayName }).textContent()).toContain('2 → 1'); // points of the paper (2 questions)
  });

  it('the student looks back at their paper: each question’s points after the regrade and the teacher’s feedback', async () => {
    const attemptId = await resultRow(0).getAttribute('data-attempt');
    const graded = await teacherApi.post(`/api/exam-attempts/${attemptId}/grade`, { questionId: numeric, points: 1, feedback: 'Trình bày rõ ràng' });
    expect(graded.status, graded.text).toBe(200);
    const s = await browser.newUser({ phone: true });
    await useSession(s.context, server.httpUrl, studentApi[0]!.cookie);
    await s.page.goto(`${server.httpUrl}/exams`);
    await s.page.getByTestId('my-exam-review').click();
    await s.page.getByTestId('take-result').waitFor({ timeout: 20_000 });
    expect(await s.page.getByTestId('take').getAttribute('data-attempt')).toBe(attemptId);
    expect(await s.page.getByTestId('take-item-result').count()).toBe(2);
    expect(await s.page.locator(`[data-question="${single}"] [data-testid="take-item-result"]`).textContent()).toContain('1/1');
    expect(await s.page.getByTestId('take-feedback').textContent()).toContain('Trình bày rõ ràng');
    // A look back changes nothing: no answer can be given, nothing is saved.
    expect(await s.page.locator('[data-testid="take-option"]:not([disabled])').count()).toBe(0);
    expect(await s.page.getByTestId('take-submit').count()).toBe(0);
  });
});

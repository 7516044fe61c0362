/**
 * The online exam in real Chromium (R11): a student on a 360-px phone takes a timed exam,
 * reloads mid-way and continues the same attempt with the same remaining time; the proctor sees
 * a "page hidden" flag as it happens; the server's deadline closes an abandoned attempt; and
 * nothing the student's browser received (every HTTP response, every WebSocket frame) carries
 * a key, a score or another student's answer.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { NUMERIC, SINGLE, TRUE_FALSE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let examId: string;
let closesAt: number;
let student: Page;
let proctor: Page;
const received: string[] = [];

/** Long enough for the steps before the deadline on a loaded 2-core machine, short enough to wait for. */
const WINDOW_MS = 110_000;

function record(page: Page): void {
  page.on('response', (r) => {
    if (r.url().includes('/api/')) void r.text().then((t) => received.push(t), () => undefined);
  });
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1'))));
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  const teacher = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await server.services.questionBank.create(teacher, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  const questions = [await put(SINGLE), await put(TRUE_FALSE), await put(NUMERIC)];
  closesAt = Date.now() + WINDOW_MS;
  const exam = await server.services.exams.create(teacher, {
    classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra định kỳ Toán 8', mode: 'exam', opensAt: Date.now() - 1000, closesAt, timeLimitMinutes: 45,
    attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', scheme: 'vn2025', questions: questions.map((questionId) => ({ questionId })),
  });
  examId = exam.id;
  browser = await launchChromium();
  const s = await browser.newUser({ phone: true });
  await useSession(s.context, server.httpUrl, (await signedIn(server.httpUrl, world.studentsA[0]!)).cookie);
  student = s.page;
  record(student);
  const t = await browser.newUser();
  await useSession(t.context, server.httpUrl, (await signedIn(server.httpUrl, world.teacherA)).cookie);
  proctor = t.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const clockMs = async (page: Page) => Number(await page.getByTestId('take-clock').getAttribute('data-remaining-ms'));
const row = (name: string) => proctor.locator('[data-testid="proctor-row"]', { hasText: name });

describe('the online exam', () => {
  it('a student answers from the list, reloads mid-way and continues with the same remaining time', async () => {
    await student.goto(`${server.httpUrl}/exams`);
    await student.getByTestId('my-exam-start').click();
    await student.getByTestId('take-clock').waitFor({ timeout: 20_000 });
    const single = student.locator('[data-testid="take-question"][data-kind="single_choice"]');
    await single.locator('[data-testid="take-option"][data-option="B"]').click();
    await expect.poll(() => single.getAttribute('data-save'), { timeout: 10_000 }).toBe('saved');
    const before = await clockMs(student);
    const attempt = await student.getByTestId('take').getAttribute('data-attempt');
    // The deadline is the close time (it comes before start + 45 minutes).
    expect(before).toBeLessThanOrEqual(WINDOW_MS);
    await student.reload();
    await student.getByTestId('take-clock').waitFor({ timeout: 20_000 });
    expect(await student.getByTestId('take').getAttribute('data-attempt')).toBe(attempt);
    const after = await clockMs(student);
    // Same deadline: what is left went down by the time the reload took, never up or reset.
    expect(after).toBeLessThanOrEqual(before);
    expect(before - after).toBeLessThan(15_000);
    expect(await single.locator('[data-option="B"]').getAttribute('aria-checked')).toBe('true');
    const numeric = student.locator('[data-testid="take-question"][data-kind="numeric"]');
    await numeric.getByTestId('take-text').fill('3,14');
    await numeric.getByTestId('take-text').blur();
    await expect.poll(() => numeric.getAttribute('data-save'), { timeout: 10_000 }).toBe('saved');
    expect(await student.getByTestId('take-progress').textContent()).toContain('2/3');
  });

  it('the proctor sees the student’s progress and a "page hidden" flag as it happens', async () => {
    await proctor.goto(`${server.httpUrl}/exams/${examId}/proctor`);
    const name = world.studentsA[0]!.displayName;
    await expect.poll(() => row(name).getAttribute('data-status'), { timeout: 20_000 }).toBe('in_progress');
    expect(await row(name).getByTestId('proctor-progress').textContent()).toBe('2/3');
    // The student's tab goes to the background: another tab of theirs comes to the front.
    const other = await student.context().newPage();
    await other.bringToFront();
    // Headless Chromium may keep a background tab "visible"; then the page's own event is
    // dispatched as the browser would, so the path page → server → proctor is still the real one.
    if ((await student.evaluate(() => document.visibilityState)) !== 'hidden') {
      await student.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
    }
    await expect.poll(() => row(name).locator('[data-flag="page_hidden"]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await proctor.locator('[data-testid="proctor-event"][data-kind="page_hidden"]').count()).toBeGreaterThanOrEqual(1);
    await other.close();
    await student.bringToFront();
    await student.evaluate(() => delete (document as unknown as Record<string, unknown>)['visibilityState']);
  });

  it('the server closes an abandoned attempt at the deadline; the student’s page shows it closed', async () => {
    // The second student starts and walks away (never submits, never comes back).
    const gone = await signedIn(server.httpUrl, world.studentsA[1]!);
    const started = await gone.post<{ attemptId: string; questions: Array<{ questionId: string }> }>(`/api/exams/${examId}/start`, { clientId: 'walked-away-tab' });
    expect(started.status).toBe(200);
    const name = world.studentsA[1]!.displayName;
    await expect.poll(() => row(name).getAttribute('data-status'), { timeout: 20_000 }).toBe('in_progress');
    await expect.poll(() => row(name).getAttribute('data-status'), { timeout: closesAt - Date.now() + 20_000, intervals: [1000] }).toBe('closed_by_deadline');
    await expect.poll(() => student.getByTestId('take').getAttribute('data-status'), { timeout: 20_000 }).toBe('closed_by_deadline');
    const { attemptId, questions } = started.json;
    const late = await gone.request('PUT', `/api/exam-attempts/${attemptId}/answers/${questions[0]!.questionId}`, { answer: { kind: 'single_choice', choice: 'A' }, seq: 1, clientId: 'walked-away-tab' });
    expect(late.status).toBe(409);
  }, 180_000);

  it('the student’s browser never received a key, a score or another student’s answer', () => {
    expect(received.length).toBeGreaterThan(5);
    const all = received.join('\n');
    for (const secret of ['"correct"', '"truths"', '"explanation"', '"accepted"', 'Rightarrow', '"grade"', '"seed"']) expect(all, secret).not.toContain(secret);
    expect(all).not.toMatch(/"score10":\d/);
    expect(all).not.toMatch(/"result":\{/);
    expect(all).not.toContain(world.studentsA[1]!.displayName);
  });
});

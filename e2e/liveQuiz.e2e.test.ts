/**
 * Issue 7 end to end, in real Chromium through the real client and server: the teacher puts a
 * question from the bank to a class of three students on 360-px phones, watches the histogram
 * fill as they tap their answers, reveals the key, and finds the answers in the attendance
 * table. Then a quick poll. No frame a student's page receives carries the key before the reveal.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { classroom } from '../proto/index.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { SINGLE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { setJoinToggle, useSession, waitForSelfId } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
const students: Page[] = [];
/** Every protocol frame each student's page received, decoded. */
const studentFrames: classroom.v1.ServerMessage[][] = [[], [], []];
const lessonUrl = () => `${server.httpUrl}/lesson/${world.lessonA.id}`;

function recordFrames(page: Page, into: classroom.v1.ServerMessage[]): void {
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload !== 'string') into.push(classroom.v1.ServerMessage.decode(new Uint8Array(frame.payload)));
    }),
  );
}

async function bar(page: Page, bucket: string): Promise<number> {
  return Number(await page.locator(`[data-testid="quiz-bar"][data-bucket="${bucket}"]`).first().getAttribute('data-count'));
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  const actor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  await server.services.questionBank.create(actor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: SINGLE });
  browser = await launchChromium();
  const t = await browser.newUser();
  teacher = t.page;
  await useSession(t.context, server.httpUrl, (await signedIn(server.httpUrl, world.teacherA)).cookie);
  await teacher.goto(lessonUrl());
  await setJoinToggle(teacher, 'join-camera-toggle', 'off');
  await teacher.getByTestId('join-button').click({ timeout: 20_000 });
  await waitForSelfId(teacher);
  await teacher.getByTestId('lobby-toggle').click();
  await teacher.getByTestId('setting-auto-admit').check();
  for (let i = 0; i < 3; i++) {
    const u = await browser.newUser({ phone: true });
    recordFrames(u.page, studentFrames[i]!);
    await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, world.studentsA[i]!)).cookie);
    await u.page.goto(lessonUrl());
    await setJoinToggle(u.page, 'join-camera-toggle', 'off');
    await setJoinToggle(u.page, 'join-mic-toggle', 'off');
    await u.page.getByTestId('join-button').click();
    await waitForSelfId(u.page);
    students.push(u.page);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a live quiz in real browsers', () => {
  it('the teacher launches a bank question and sees the histogram fill as three phones answer', async () => {
    await teacher.getByTestId('quiz-toggle').click();
    await teacher.getByTestId('quiz-panel').waitFor({ timeout: 15_000 });
    await teacher.getByTestId('quiz-duration').fill('120');
    const item = teacher.getByTestId('quiz-bank-item').first();
    await item.waitFor({ timeout: 10_000 });
    await item.locator('input').check();
    await teacher.getByTestId('quiz-launch').click();
    await teacher.getByTestId('quiz-running').waitFor({ timeout: 10_000 });
    const picks = ['B', 'B', 'A'];
    for (const [i, page] of students.entries()) {
      await page.getByTestId('quiz-card').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('quiz-countdown').textContent()).toMatch(/Còn \d+ giây/);
      await page.getByTestId(`quiz-option-${picks[i]}`).click();
      await page.getByTestId('quiz-sent').waitFor({ timeout: 10_000 });
    }
    await expect.poll(() => teacher.getByTestId('quiz-answered-count').getAttribute('data-count'), { timeout: 10_000 }).toBe('3');
    const optionIds = SINGLE.body.kind === 'single_choice' ? SINGLE.body.options.map((o) => o.id) : [];
    expect(await bar(teacher, optionIds[1]!)).toBe(2);
    expect(await bar(teacher, optionIds[0]!)).toBe(1);
    expect(await teacher.getByTestId('quiz-counts').getAttribute('data-correct')).toBe('2');
    expect(await teacher.getByTestId('quiz-who-answered').count()).toBe(3);
    expect(await teacher.getByTestId('quiz-not-yet').count()).toBe(0);
    const overflow = await students[2]!.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('no student received the key before the reveal; after it, each sees whether they were right', async () => {
    for (const frames of studentFrames) {
      expect(frames.some((m) => m.liveQuizOpened)).toBe(true);
      expect(frames.filter((m) => JSON.stringify(m).match(/"key"|"correct"|"explanation"/))).toEqual([]);
    }
    await teacher.getByTestId('quiz-reveal-button').click();
    await students[0]!.getByTestId('quiz-reveal').waitFor({ timeout: 10_000 });
    await expect.poll(() => students[0]!.getByTestId('quiz-outcome').getAttribute('data-outcome'), { timeout: 10_000 }).toBe('correct');
    await expect.poll(() => students[2]!.getByTestId('quiz-outcome').getAttribute('data-outcome'), { timeout: 10_000 }).toBe('incorrect');
    expect(await students[2]!.getByTestId('quiz-reveal').textContent()).toContain('Đáp án: B');
    await teacher.getByTestId('quiz-end').click();
    await students[1]!.getByTestId('quiz-card').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a quick poll: the teacher types it, students answer, no right or wrong; the attendance table counts the answers', async () => {
    // The radio itself is hidden under its label (a segmented control): click what a teacher sees.
    await teacher.locator('label', { has: teacher.getByTestId('quiz-mode-poll') }).click();
    await teacher.getByTestId('quiz-poll-question').fill('Các em hiểu bài chưa?');
    await teacher.getByTestId('quiz-poll-option-0').fill('Hiểu rồi ạ');
    await teacher.getByTestId('quiz-poll-option-1').fill('Chưa hiểu');
    await teacher.getByTestId('quiz-poll-launch').click();
    await students[0]!.getByTestId('quiz-option-A').click();
    await students[0]!.getByTestId('quiz-sent').waitFor({ timeout: 10_000 });
    await expect.poll(() => teacher.getByTestId('quiz-answered-count').getAttribute('data-count'), { timeout: 10_000 }).toBe('1');
    await teacher.getByTestId('quiz-end').click();
    await teacher.getByTestId('attendance-toggle').click();
    const row = teacher.locator(`[data-testid="attendance-row"][data-user-id="${world.studentsA[0]!.userId}"]`);
    await expect.poll(() => row.getByTestId('attendance-quiz').textContent(), { timeout: 10_000 }).toBe('1/2');
  });
});

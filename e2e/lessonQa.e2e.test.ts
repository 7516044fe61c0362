/**
 * Issue 11 in real Chromium, the live part (R1, R13): in a running lesson the teacher hands out an
 * approved PDF from the library and it opens on the students' pages (pdf.js, the opening recorded
 * like any other); a student asks one question hidden from classmates and one for everyone; a
 * classmate sees only the public one and upvotes it; the teacher sees both and marks the public
 * one answered; the students' panels show it answered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { setUpMaterials, type MaterialSetup } from '../testkit/materialSetup.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { setJoinToggle, useSession, waitForSelfId } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let mat: MaterialSetup;
let teacher: Page;
let asker: Page;
let classmate: Page;
const lessonUrl = () => `${server.httpUrl}/lesson/${world.lessonA.id}`;
const HIDDEN = 'Em chưa hiểu bài, cô giảng lại được không ạ?';
const PUBLIC = 'Vì sao x nhân 0 luôn bằng 0?';

async function pageAs(account: SchoolWorld['teacherA']): Promise<Page> {
  const u = await browser.newUser();
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, account)).cookie);
  return u.page;
}

async function join(page: Page, asTeacher: boolean): Promise<void> {
  await page.goto(lessonUrl());
  await setJoinToggle(page, 'join-camera-toggle', 'off');
  await setJoinToggle(page, 'join-mic-toggle', 'off');
  await page.getByTestId('join-button').click({ timeout: 20_000 });
  await waitForSelfId(page);
  if (!asTeacher) return;
  await page.getByTestId('lobby-toggle').click();
  await page.getByTestId('setting-auto-admit').check();
}

/** Clicks a control of the bar, opening the "more" sheet first when the control sits in it. */
async function control(page: Page, testId: string): Promise<void> {
  const c = page.getByTestId(testId);
  if (!(await c.isVisible())) await page.getByTestId('more-toggle').click();
  await c.click();
}

const questionOn = (page: Page, text: string) => page.getByTestId('question').filter({ hasText: text });
const bodies = (page: Page) => page.getByTestId('question-body').allTextContents();

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  mat = await setUpMaterials(server.services, world);
  browser = await launchChromium();
  teacher = await pageAs(world.teacherA);
  asker = await pageAs(world.studentsA[0]!);
  classmate = await pageAs(world.studentsA[1]!);
  await join(teacher, true);
  await join(asker, false);
  await join(classmate, false);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('questions and hand-outs in the live lesson', () => {
  it('the teacher hands out an approved PDF; it opens on each student’s page', async () => {
    await control(teacher, 'handout-toggle');
    // Only approved materials are offered: the draft and the ones under review are not.
    const item = teacher.locator(`[data-testid="handout-item"][data-material-id="${mat.approvedId}"]`);
    await item.waitFor({ timeout: 15_000 });
    const offered = await teacher.getByTestId('handout-item').evaluateAll((li) => li.map((x) => x.getAttribute('data-material-id')));
    expect(offered).toEqual([mat.approvedId]);
    await item.getByTestId('handout-give').click();

    for (const student of [asker, classmate]) {
      await student.locator(`[data-testid="handout-overlay"][data-material-id="${mat.approvedId}"]`).waitFor({ timeout: 15_000 });
      await expect.poll(() => student.getByTestId('pdf-view').getAttribute('data-pages'), { timeout: 20_000 }).toBe('3');
    }
    // The second student had never opened it: the hand-out's opening is recorded as theirs.
    const classmateId = world.studentsA[1]!.userId;
    await expect
      .poll(async () => (await server.services.storage.materialUsage.viewsOf(mat.approvedId)).filter((v) => v.studentId === classmateId).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    for (const student of [asker, classmate]) await student.getByTestId('handout-close').click();
    expect(await asker.getByTestId('handout-overlay').count()).toBe(0);
  });

  it('a question hidden from classmates reaches the teacher only; a public one is upvoted by a classmate', async () => {
    await control(asker, 'questions-toggle');
    await asker.getByTestId('question-text').fill(HIDDEN);
    await asker.getByTestId('question-hidden').check();
    await asker.getByTestId('question-ask').click();
    await questionOn(asker, HIDDEN).waitFor({ timeout: 10_000 });
    await asker.getByTestId('question-hidden').uncheck();
    await asker.getByTestId('question-text').fill(PUBLIC);
    await asker.getByTestId('question-ask').click();
    await questionOn(asker, PUBLIC).waitFor({ timeout: 10_000 });

    await control(classmate, 'questions-toggle');
    await questionOn(classmate, PUBLIC).waitFor({ timeout: 10_000 });
    // Pushes arrive in order: the hidden one (asked first) would be here by now if it were sent.
    expect(await bodies(classmate)).toEqual([PUBLIC]);
    await questionOn(classmate, PUBLIC).getByTestId('question-upvote').click();
    await expect.poll(() => questionOn(classmate, PUBLIC).getByTestId('question-upvote').isDisabled()).toBe(true);
    await expect.poll(() => questionOn(asker, PUBLIC).textContent(), { timeout: 10_000 }).toContain('+1');

    // After a reload the page shows the upvote as given: the server tells each person theirs.
    await join(classmate, false);
    await control(classmate, 'questions-toggle');
    await questionOn(classmate, PUBLIC).waitFor({ timeout: 10_000 });
    expect(await questionOn(classmate, PUBLIC).getByTestId('question-upvote').isDisabled()).toBe(true);
  });

  it('the teacher sees both, marks the public one answered; the students see it answered', async () => {
    await control(teacher, 'questions-toggle');
    await expect.poll(async () => (await bodies(teacher)).sort(), { timeout: 10_000 }).toEqual([HIDDEN, PUBLIC].sort());
    expect(await teacher.getByTestId('questions-count').textContent()).toBe('2');
    await questionOn(teacher, PUBLIC).getByTestId('question-mark-answered').click();
    for (const page of [teacher, asker, classmate]) {
      await expect.poll(() => questionOn(page, PUBLIC).getAttribute('data-answered'), { timeout: 10_000 }).toBe('yes');
    }
    expect(await questionOn(teacher, HIDDEN).getAttribute('data-answered')).toBe('no');
    // Kept with the lesson: what the store holds is what the pages showed.
    const stored = await server.services.storage.lessonQuestions.ofLesson(world.lessonA.id);
    expect(stored.map((q) => [q.text, q.hiddenFromClassmates, q.upvoters.length, q.answeredAt !== null])).toEqual([
      [HIDDEN, true, 0, false],
      [PUBLIC, false, 1, true],
    ]);
  });
});

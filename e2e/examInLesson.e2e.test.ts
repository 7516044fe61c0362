/**
 * An exam run inside the live lesson, in real Chromium (issue 7): the teacher binds an exam to the
 * running lesson in the exam form and joins the lesson; a student on a 360-px phone joins, opens
 * the exam from the lesson (the paper over the lesson, camera on), answers, and hides the page;
 * the teacher's lesson view shows, beside the student's tile, the state (in progress, 1 answered)
 * and the "page hidden" flag, live, without another tab. The student's page never receives a row.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { classroom } from '../proto/index.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { NUMERIC, SINGLE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { setJoinToggle, useSession, waitForSelfId } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
let student: Page;
const studentFrames: classroom.v1.ServerMessage[] = [];
const lessonUrl = () => `${server.httpUrl}/lesson/${world.lessonA.id}`;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  const actor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  for (const q of [SINGLE, NUMERIC]) await server.services.questionBank.create(actor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q });
  browser = await launchChromium();
  const t = await browser.newUser();
  teacher = t.page;
  await useSession(t.context, server.httpUrl, (await signedIn(server.httpUrl, world.teacherA)).cookie);
  const s = await browser.newUser({ phone: true });
  student = s.page;
  student.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload !== 'string') studentFrames.push(classroom.v1.ServerMessage.decode(new Uint8Array(frame.payload)));
    }),
  );
  await useSession(s.context, server.httpUrl, (await signedIn(server.httpUrl, world.studentsA[0]!)).cookie);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an exam inside the live lesson', () => {
  it('the teacher binds an exam to the running lesson in the exam form', async () => {
    await teacher.goto(`${server.httpUrl}/exams`);
    await teacher.getByTestId('exam-new').click();
    await teacher.getByTestId('exam-form').waitFor({ timeout: 20_000 });
    await teacher.getByTestId('exam-form-title').fill('Kiểm tra 15 phút trong giờ');
    await teacher.getByTestId('exam-form-mode').selectOption('exam');
    await teacher.getByTestId('exam-form-lesson').selectOption(world.lessonA.id);
    await teacher.getByTestId('exam-form-question').first().waitFor({ timeout: 10_000 });
    for (const q of await teacher.getByTestId('exam-form-question').all()) await q.locator('input').check();
    await teacher.getByTestId('exam-form-create').click();
    await teacher.getByTestId('teacher-exam').first().waitFor({ timeout: 15_000 });
    const [exam] = await server.services.storage.exams.examsOfClasses([world.classA]);
    expect(exam).toMatchObject({ title: 'Kiểm tra 15 phút trong giờ', mode: 'exam', lessonId: world.lessonA.id });
  });

  it('a phone student opens it in the lesson, hides the page; the flag shows beside the student’s tile', async () => {
    await teacher.goto(lessonUrl());
    await setJoinToggle(teacher, 'join-camera-toggle', 'off');
    await teacher.getByTestId('join-button').click({ timeout: 20_000 });
    await waitForSelfId(teacher);
    await teacher.getByTestId('lobby-toggle').click();
    await teacher.getByTestId('setting-auto-admit').check();
    await teacher.getByTestId('exam-strip').waitFor({ timeout: 10_000 });

    await student.goto(lessonUrl());
    await setJoinToggle(student, 'join-mic-toggle', 'off');
    await student.getByTestId('join-button').click({ timeout: 20_000 });
    const studentId = await waitForSelfId(student);
    const tileExam = teacher.locator(`[data-testid="tile"][data-participant-id="${studentId}"] [data-testid="tile-exam-row"]`);
    await expect.poll(() => tileExam.getAttribute('data-status'), { timeout: 20_000 }).toBe('not_started');

    await student.getByTestId('exam-banner-open').click({ timeout: 15_000 });
    await student.getByTestId('lesson-exam').waitFor({ timeout: 15_000 });
    // The lesson is still there under the paper: the student's own camera keeps publishing.
    expect(await student.getByTestId('lesson-view').count()).toBe(1);
    const single = student.locator('[data-testid="take-question"][data-kind="single_choice"]');
    await single.locator('[data-testid="take-option"][data-option="B"]').click({ timeout: 20_000 });
    await expect.poll(() => single.getAttribute('data-save'), { timeout: 10_000 }).toBe('saved');
    await expect.poll(() => tileExam.getAttribute('data-status'), { timeout: 15_000 }).toBe('in_progress');
    await expect.poll(() => tileExam.textContent(), { timeout: 10_000 }).toContain('1/2');

    // The student's tab goes to the background (as in exam.e2e: headless Chromium may keep it
    // "visible", then the page's own event is dispatched; the path page → server → lesson is real).
    const other = await student.context().newPage();
    await other.bringToFront();
    if ((await student.evaluate(() => document.visibilityState)) !== 'hidden') {
      await student.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
    }
    await expect.poll(() => tileExam.getAttribute('data-last-flag'), { timeout: 15_000 }).toBe('page_hidden');
    expect(Number(await tileExam.getAttribute('data-flags'))).toBeGreaterThanOrEqual(1);
    expect(await tileExam.getByTestId('tile-exam-flag').textContent()).toContain('Rời trang');
    await expect.poll(() => teacher.locator(`[data-testid="exam-strip-flag"][data-last-flag="page_hidden"]`).count(), { timeout: 10_000 }).toBe(1);
    await other.close();

    // Only the teacher's page got the rows; the student's got the exam, never a row.
    expect(studentFrames.some((m) => m.lessonExamsUpdated || (m.join?.snapshot?.examWatch?.exams?.length ?? 0) > 0)).toBe(true);
    expect(studentFrames.some((m) => m.lessonExamRow || (m.join?.snapshot?.examWatch?.rows?.length ?? 0) > 0)).toBe(false);
  }, 180_000);
});

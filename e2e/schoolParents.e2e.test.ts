/**
 * Issue 11 in real Chromium: the class teacher sends an announcement from the teaching page; a
 * parent on a phone sees the child's attendance in the lesson (late, left early, the times) and
 * the announcement; the school's statistics (the admin, until the principal's role exists) show
 * the periods each teacher taught, and a teacher sees only their own; the admin imports parents
 * from a CSV file and sees the row errors first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
const MIN = 60_000;

/** One sign-in per account (the first one changes the password): its session cookie. */
const cookies = new Map<string, string>();
async function pageAs(account: SchoolWorld['admin'], phone = false): Promise<Page> {
  const u = await browser.newUser({ phone });
  let cookie = cookies.get(account.userId);
  if (!cookie) cookies.set(account.userId, (cookie = (await signedIn(server.httpUrl, account)).cookie));
  await useSession(u.context, server.httpUrl, cookie);
  return u.page;
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  // 8A's lesson: the first student joins 8 minutes late and leaves after 20; the teacher ends it at 45.
  const start = world.lessonA.scheduledStart;
  const child = world.studentsA[0]!.userId;
  await server.services.storage.attendance.appendMany([
    { lessonId: world.lessonA.id, userId: child, at: start + 8 * MIN, kind: 'join' },
    { lessonId: world.lessonA.id, userId: child, at: start + 20 * MIN, kind: 'leave', reason: 'left' },
  ]);
  await server.services.storage.lessons.markEnded(world.lessonA.id, start + 45 * MIN);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('parents', () => {
  it('the class teacher’s announcement and the child’s attendance reach the parent’s phone', async () => {
    const teacher = await pageAs(world.teacherA);
    await teacher.goto(`${server.httpUrl}/teach`);
    await teacher.getByTestId('announce-form').waitFor({ timeout: 20_000 });
    await teacher.getByTestId('announce-title').fill('Họp phụ huynh cuối kỳ');
    await teacher.getByTestId('announce-body').fill('Thứ bảy 8:00\n<b>phòng 12</b>');
    await teacher.getByTestId('announce-send').click();
    await teacher.getByTestId('announce-result').waitFor({ timeout: 10_000 });
    expect(await teacher.getByTestId('announce-result').innerText()).toContain('8A');

    const parent = await pageAs(world.parentA, true);
    await parent.goto(`${server.httpUrl}/`);
    const lesson = parent.locator(`[data-testid="child-lesson"][data-lesson-id="${world.lessonA.id}"]`);
    await lesson.waitFor({ timeout: 20_000 });
    expect(await lesson.getAttribute('data-state')).toBe('present');
    expect(await lesson.getAttribute('data-late')).toBe('true');
    expect(await lesson.getAttribute('data-left-early')).toBe('true');
    expect(await lesson.getByTestId('child-lesson-state').innerText()).toBe('Có mặt (vào muộn, rời sớm)');
    expect(await lesson.getByTestId('child-lesson-times').innerText()).toContain('12 phút');
    const note = parent.getByTestId('announcement').first();
    expect(await note.innerText()).toContain('Họp phụ huynh cuối kỳ');
    // Plain text: the markup is shown as written, never made into an element.
    expect(await note.innerText()).toContain('<b>phòng 12</b>');
    expect(await note.locator('b').count()).toBe(0);
    expect(await parent.getByTestId('child-card').count()).toBe(1);
  });

  it('the admin imports parents from CSV: row errors first, then the accounts with their first passwords', async () => {
    const admin = await pageAs(world.admin);
    await admin.goto(`${server.httpUrl}/admin#parents`);
    const file = (text: string) => ({ name: 'phu-huynh.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await admin.getByTestId('parent-import-file').setInputFiles(file('Họ và tên,Tên đăng nhập,Mã định danh con\nPhạm Thị Mai,ph.mai,001200000002\nLê Văn Tám,ph.tam,009999999999\n'));
    await admin.getByTestId('parent-import-preview').click();
    const issue = admin.locator('[data-testid="parent-import-issues"] tr[data-code="CHILD_NOT_FOUND"]');
    await issue.waitFor({ timeout: 10_000 });
    expect(await issue.innerText()).toContain('Dòng 3');
    expect(await admin.getByTestId('parent-import-apply').isDisabled()).toBe(true);
    await admin.getByTestId('parent-import-file').setInputFiles(file('Họ và tên,Tên đăng nhập,Mã định danh con\nPhạm Thị Mai,ph.mai,001200000002\n'));
    await admin.getByTestId('parent-import-preview').click();
    await expect.poll(() => admin.getByTestId('parent-import-apply').isEnabled(), { timeout: 10_000 }).toBe(true);
    await admin.getByTestId('parent-import-apply').click();
    await admin.getByTestId('parent-import-result').waitFor({ timeout: 20_000 });
    expect(await admin.getByTestId('parent-import-result').innerText()).toContain('ph.mai');
    expect(await server.services.storage.accounts.findByUsername('ph.mai')).toMatchObject({ role: 'parent' });
  });
});

describe('statistics', () => {
  it('the school’s statistics show the periods taught by each teacher, with the attendance of the lesson', async () => {
    const admin = await pageAs(world.admin);
    await admin.goto(`${server.httpUrl}/statistics`);
    const row = admin.locator(`[data-testid="stats-table"][data-by="teacher"] [data-testid="stats-row"][data-id="${world.teacherA.userId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-col="periods"]').innerText()).toBe('1');
    expect(await row.locator('[data-col="held"]').innerText()).toBe('1');
    expect(await row.locator('[data-col="late"]').innerText()).toBe('1');
    const other = admin.locator(`[data-testid="stats-row"][data-id="${world.teacherB.userId}"]`);
    expect(await other.locator('[data-col="periods"]').innerText()).toBe('0');
    expect(await admin.locator(`[data-testid="stats-bar"][data-id="${world.teacherA.userId}"]`).getAttribute('data-value')).toBe('1');
    await admin.getByTestId('stats-by-class').click();
    const cls = admin.locator(`[data-testid="stats-table"][data-by="class"] [data-testid="stats-row"][data-id="${world.classA}"]`);
    await cls.waitFor();
    expect(await cls.locator('[data-col="attendance"]').innerText()).toBe('50,0 %');
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('stats-export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^Thong-ke_.*\.xlsx$/);
  });

  it('a teacher sees only their own teaching', async () => {
    const teacher = await pageAs(world.teacherB);
    await teacher.goto(`${server.httpUrl}/statistics`);
    await teacher.getByTestId('stats-report').waitFor({ timeout: 20_000 });
    expect(await teacher.getByTestId('stats-teacher').count()).toBe(0);
    // teacherB taught nothing this term: their page says so, and holds no colleague's row.
    await teacher.getByTestId('stats-empty').waitFor();
    expect(await teacher.locator(`[data-testid="stats-row"][data-id="${world.teacherA.userId}"]`).count()).toBe(0);
  });
});

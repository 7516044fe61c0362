/**
 * Issue 11 in real Chromium: a teacher submits a PDF; the head of the subject group and the
 * principal approve it; the teacher gives it to the class; a student on a 360-px phone opens it
 * (pdf.js) and reads two pages; the teacher sees that use.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { pdfWithPages } from '../testkit/pdf.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
let head: Page;
let principal: Page;
let student: Page;
let materialId = '';

async function pageAs(account: SchoolWorld['teacherA'], phone = false): Promise<Page> {
  const u = await browser.newUser({ phone });
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, account)).cookie);
  return u.page;
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  // Art. 7.3's two reviewers: teacherB heads the Toán group; the admin account ("Ban giám hiệu") is the principal.
  const admin = await loadActor(server.services.storage.schools, { id: world.admin.userId, role: 'admin', schoolId: world.schoolId });
  await server.services.schools.setDuties(admin, world.teacherB.userId, [{ duty: 'subject_head', subjectId: world.subjectId }]);
  await server.services.schools.setDuties(admin, world.admin.userId, [{ duty: 'principal', subjectId: '' }]);
  browser = await launchChromium();
  teacher = await pageAs(world.teacherA);
  head = await pageAs(world.teacherB);
  principal = await pageAs(world.admin);
  student = await pageAs(world.studentsA[0]!, true);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const state = (p: Page) => p.getByTestId('material-detail').getAttribute('data-state');

describe('materials in the browser', () => {
  it('the teacher adds a PDF to the library and submits it', async () => {
    await teacher.goto(`${server.httpUrl}/materials`);
    await teacher.getByTestId('material-new').click();
    await teacher.getByTestId('material-title').fill('Phương trình bậc nhất một ẩn');
    await teacher.getByTestId('material-topic').fill('Chương 3');
    await teacher.getByTestId('material-file').setInputFiles({ name: 'phuong-trinh.pdf', mimeType: 'application/pdf', buffer: pdfWithPages(3, 'Phuong trinh') });
    await teacher.getByTestId('material-save').click();
    await teacher.getByTestId('material-detail').waitFor({ timeout: 20_000 });
    materialId = new URL(teacher.url()).pathname.split('/').pop() ?? '';
    expect(await state(teacher)).toBe('draft');
    await teacher.getByTestId('material-submit').click();
    await expect.poll(() => state(teacher)).toBe('submitted');
  });

  it('the head of the subject group finds it in the queue and approves; then the principal', async () => {
    await head.goto(`${server.httpUrl}/materials`);
    await head.locator(`[data-testid="queue-item"][data-material-id="${materialId}"] [data-testid="material-link-open"]`).click();
    await head.getByTestId('review-approve').click();
    await expect.poll(() => state(head)).toBe('reviewed');
    await principal.goto(`${server.httpUrl}/materials/${materialId}`);
    await principal.getByTestId('review-comment').fill('Đạt yêu cầu');
    await principal.getByTestId('review-approve').click();
    await expect.poll(() => state(principal)).toBe('approved');
    expect(await principal.getByTestId('material-history').locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-step')))).toEqual([
      'submitted',
      'head_approved',
      'principal_approved',
    ]);
  });

  it('the teacher gives it to 8A; a student on a phone opens it and reads two pages', async () => {
    await teacher.goto(`${server.httpUrl}/materials/${materialId}`);
    await teacher.getByTestId('material-share-class').click();
    await teacher.getByTestId('material-shared').waitFor();
    await student.goto(`${server.httpUrl}/materials`);
    await student.locator(`[data-testid="class-material"][data-material-id="${materialId}"] [data-testid="material-open"]`).click();
    const pdf = student.getByTestId('pdf-view');
    await expect.poll(() => pdf.getAttribute('data-pages'), { timeout: 20_000 }).toBe('3');
    // pdf.js painted the page: the canvas is as wide as the phone allows, and not blank.
    const painted = () =>
      student.evaluate(() => {
        const c = document.querySelector('.pdf__page') as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
        return { width: c.getBoundingClientRect().width, dark };
      });
    await expect.poll(async () => (await painted()).dark, { timeout: 10_000 }).toBeGreaterThan(100);
    expect((await painted()).width).toBeLessThanOrEqual(360);
    await student.getByTestId('pdf-next').click();
    await expect.poll(() => pdf.getAttribute('data-page')).toBe('2');
    await expect.poll(() => student.getByTestId('pdf-page-label').textContent()).toBe('Trang 2/3');
  });

  it('the teacher sees who opened it and how far, and who has not', async () => {
    const row = (id: string) => teacher.locator(`[data-testid="usage-row"][data-student-id="${id}"]`);
    await expect
      .poll(
        async () => {
          await teacher.getByTestId('usage-refresh').click();
          return row(world.studentsA[0]!.userId).getAttribute('data-pages-seen');
        },
        { timeout: 15_000 },
      )
      .toBe('2');
    expect(await row(world.studentsA[1]!.userId).getAttribute('data-opens')).toBe('0');
    await teacher.getByTestId('usage-remind').click();
    await expect.poll(() => teacher.getByTestId('usage-note').textContent()).toContain('1');
  });
});

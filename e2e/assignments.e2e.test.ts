/**
 * Issue 8 in real Chromium: a teacher gives an assignment; a student on a 360-px phone hands in
 * two photos (12-MP, downscaled in the browser) and text, with a third file whose upload is cut
 * by a network loss and resumes; the teacher grades it; the student and the parent see the
 * score; the gradebook computes ĐTBmhk; its XLSX export opens with the right values.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { JPEG_1PX } from '../testkit/sampleFiles.js';
import { startFlakyLink, type FlakyLink } from '../testkit/flakyLink.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
let student: Page;
let parent: Page;
let link: FlakyLink;
/** The student's phone reaches the server through a slow link that can drop. */
let phoneUrl = '';
let assignmentId = '';
const dir = mkdtempSync(join(tmpdir(), 'classroom-e2e-work-'));

/** A 12-MP phone photo (4000×3000, ~5 MB) made by ffmpeg. */
function phonePhoto(name: string, seed: number): string {
  const path = join(dir, name);
  const lum = `128+60*sin(X/${30 + seed})*cos(Y/50)+random(${seed})*40`;
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `nullsrc=s=4000x3000,geq=lum='${lum}':cb=128:cr=128`, '-frames:v', '1', '-q:v', '2', path]);
  return path;
}

async function pageAs(account: SchoolWorld['teacherA'], phone = false, baseUrl = server.httpUrl): Promise<Page> {
  const u = await browser.newUser({ phone });
  await useSession(u.context, baseUrl, (await signedIn(server.httpUrl, account)).cookie);
  return u.page;
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 1 });
  browser = await launchChromium();
  teacher = await pageAs(world.teacherA);
  link = await startFlakyLink(server.port);
  phoneUrl = `http://127.0.0.1:${link.port}`;
  student = await pageAs(world.studentsA[0]!, true, phoneUrl);
  parent = await pageAs(world.parentA, true);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await link?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('assignments in the browser', () => {
  it('the teacher gives an assignment to 8A', async () => {
    await teacher.goto(`${server.httpUrl}/assignments`);
    await teacher.getByTestId('work-title').fill('Bài tập: Phương trình bậc nhất');
    await teacher.getByTestId('work-instructions').fill('Giải các bài 1, 2, 3 trang 45: $2x + 3 = 7$. Chụp vở gửi cô.');
    // The class list is there to give it to some students only; this one goes to the whole class.
    await teacher.getByTestId('work-some').check();
    await expect.poll(() => teacher.getByTestId('work-student').count(), { timeout: 10_000 }).toBe(world.studentsA.length);
    await teacher.getByTestId('work-some').uncheck();
    await teacher.getByTestId('work-create').click();
    await teacher.getByTestId('work-created').waitFor();
    const item = teacher.getByTestId('teacher-assignment').first();
    assignmentId = (await item.getAttribute('data-assignment-id')) ?? '';
    expect(assignmentId).not.toBe('');
    // A worksheet attached to it, through the same resumable uploads.
    await teacher.goto(`${server.httpUrl}/assignments/${assignmentId}`);
    const sheet = join(dir, 'phieu-bai-tap.pdf');
    execFileSync('sh', ['-c', `printf '%%PDF-1.4\\n' > ${sheet} && head -c 20000 /dev/urandom >> ${sheet}`]);
    await teacher.getByTestId('attach-files').setInputFiles(sheet);
    await teacher.locator('[data-testid="attach-remove"]').first().waitFor({ timeout: 20_000 });
    // A picture attached too, then put into the instructions from the edit form.
    const picture = join(dir, 'hinh-bai-3.jpg');
    writeFileSync(picture, JPEG_1PX);
    await teacher.getByTestId('attach-files').setInputFiles(picture);
    await expect.poll(() => teacher.getByTestId('attach-remove').count(), { timeout: 20_000 }).toBe(2);
    await teacher.getByTestId('edit-open').click();
    await teacher.getByTestId('edit-insert-image').click();
    await teacher.getByTestId('edit-save').click();
    await teacher.getByTestId('edit-form').waitFor({ state: 'detached', timeout: 20_000 });
    await teacher.locator('[data-testid="assignment-instructions"] img.rich__img').waitFor({ timeout: 20_000 });
  });

  it('a student on a 360-px phone hands in two downscaled photos, text, and a file whose upload is cut and resumes', async () => {
    // The timetable page shows what is due (R10): the new assignment, still to hand in.
    await student.goto(`${phoneUrl}/`);
    const dueItem = (state: string) => student.locator(`[data-testid="due-group"][data-state="${state}"] [data-testid="due-item"][data-assignment-id="${assignmentId}"]`);
    await expect.poll(() => student.locator(`[data-testid="due-item"][data-assignment-id="${assignmentId}"]`).count(), { timeout: 20_000 }).toBe(1);
    expect(await student.locator('[data-testid="due-group"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state')))).not.toContain('handed_in');
    await student.goto(`${phoneUrl}/assignments`);
    await student.locator(`[data-testid="work-item"][data-assignment-id="${assignmentId}"]`).getByTestId('work-open').click();
    await student.getByTestId('assignment-title').waitFor();
    // The instructions' formula is typeset by KaTeX; the teacher's worksheet is there to download.
    await student.locator('[data-testid="assignment-instructions"] .katex').waitFor({ timeout: 20_000 });
    await expect.poll(() => student.locator('[data-testid="assignment-instructions"] img.rich__img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await student.getByTestId('file-link').first().innerText()).toBe('phieu-bai-tap.pdf');
    expect(await student.getByTestId('attach').count()).toBe(0);
    expect(await student.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await student.getByTestId('handin-text').fill('Em gửi bài làm ạ.');
    const photos = [phonePhoto('trang-1.jpg', 1), phonePhoto('trang-2.jpg', 2)];
    const photoBytes = photos.map((p) => readFileSync(p).length);
    await student.getByTestId('handin-photo').setInputFiles(photos);
    await student.locator('[data-testid="draft-file"][data-state="sent"]').nth(1).waitFor({ timeout: 60_000 });
    const sentSizes = await student.locator('[data-testid="draft-file"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-size'))));
    for (const [i, size] of sentSizes.entries()) {
      expect(photoBytes[i]!).toBeGreaterThan(4 * 1024 * 1024);
      expect(size).toBeLessThan(1024 * 1024); // a 12-MP photo does not cost 5 MB
    }

    // A 3 MB PDF over a slow link (300 KB/s); the network drops in the middle, then comes back.
    const pdf = join(dir, 'bai-lam.pdf');
    execFileSync('sh', ['-c', `printf '%%PDF-1.4\\n' > ${pdf} && head -c 3000000 /dev/urandom >> ${pdf}`]);
    const offsets: number[] = [];
    student.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().includes('/api/uploads/')) offsets.push(Number(r.headers()['upload-offset']));
    });
    link.setUploadRate(300_000);
    await student.getByTestId('handin-files').setInputFiles(pdf);
    const pdfRow = student.locator('[data-testid="draft-file"]').nth(2);
    await student.waitForFunction(() => {
      const bar = document.querySelectorAll('[data-testid="draft-progress"]')[2] as HTMLProgressElement | undefined;
      return bar !== undefined && bar.value >= 25;
    }, undefined, { timeout: 60_000 });
    link.cut();
    link.setUploadRate(0);
    await student.waitForFunction(() => {
      const row = document.querySelectorAll('[data-testid="draft-file"]')[2];
      if (row?.getAttribute('data-state') === 'failed') (row.querySelector('[data-testid="draft-retry"]') as HTMLButtonElement | null)?.click();
      return row?.getAttribute('data-state') === 'sent';
    }, undefined, { timeout: 90_000, polling: 500 });
    expect(await pdfRow.getAttribute('data-state')).toBe('sent');
    // Resumed, not started again: a PATCH went on from where the server was.
    expect(offsets.some((o) => o > 0)).toBe(true);

    await student.getByTestId('handin-submit').click();
    await student.getByTestId('handin-done').waitFor();
    await student.locator('[data-testid="version"][data-version="1"]').waitFor();
    await student.goto(`${phoneUrl}/`);
    await dueItem('handed_in').waitFor({ timeout: 20_000 });
  });

  it('the teacher sees the photos, grades as typed and returns the work', async () => {
    await teacher.goto(`${server.httpUrl}/assignments/${assignmentId}/grade`);
    const row = teacher.locator(`[data-testid="grading-row"][data-student-id="${world.studentsA[0]!.userId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('handed_in');
    await row.click();
    await expect.poll(() => teacher.getByTestId('grading-photo').count(), { timeout: 20_000 }).toBe(2);
    expect(await teacher.getByTestId('grading-photo').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeLessThanOrEqual(1600);
    await teacher.getByTestId('grading-score').fill('8,5');
    await teacher.getByTestId('grading-feedback').fill('Trình bày rõ ràng. Bài 3 cần ghi đơn vị.');
    await expect.poll(() => teacher.getByTestId('grading-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');
    await teacher.getByTestId('grading-return').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('returned');
  });

  it('the student and the parent see the score', async () => {
    await student.goto(`${phoneUrl}/`);
    const graded = student.locator(`[data-testid="due-group"][data-state="returned"] [data-testid="due-item"][data-assignment-id="${assignmentId}"]`);
    await expect.poll(async () => (await graded.count()) === 1 && graded.getByTestId('due-score').innerText(), { timeout: 20_000 }).toBe('8,5');
    await student.goto(`${phoneUrl}/assignments/${assignmentId}`);
    await expect.poll(() => student.getByTestId('my-grade').getAttribute('data-score'), { timeout: 20_000 }).toBe('8,5');
    expect(await student.getByTestId('my-feedback').innerText()).toContain('Bài 3 cần ghi đơn vị');
    await parent.goto(`${server.httpUrl}/results`);
    await expect.poll(() => parent.getByTestId('results-assignment').first().getAttribute('data-score'), { timeout: 20_000 }).toBe('8,5');
    await parent.getByTestId('results-chart').waitFor();
    // The parent's timetable page shows their child's work the same way, read-only.
    await parent.goto(`${server.httpUrl}/`);
    await parent.locator(`[data-testid="due-group"][data-state="returned"] [data-testid="due-item"][data-assignment-id="${assignmentId}"]`).waitFor({ timeout: 20_000 });
    expect(await parent.getByTestId('hand-in').count()).toBe(0);
  });

  it('the gradebook computes ĐTBmhk, and its XLSX export opens with the right values', async () => {
    await teacher.goto(`${server.httpUrl}/gradebook?classId=${world.classA}&subjectId=${world.subjectId}`);
    const id = world.studentsA[0]!.userId;
    const cell = (slot: string) => teacher.locator(`[data-testid="gb-cell"][data-student-id="${id}"][data-slot="${slot}"]`);
    for (const [slot, value] of [['tx1', '8'], ['tx2', '7'], ['tx3', '9'], ['gk', '7,5'], ['ck', '8']] as const) {
      await cell(slot).fill(value);
      await cell(slot).press('Enter');
      await expect.poll(() => cell(slot).inputValue(), { timeout: 10_000 }).toBe(value);
    }
    const avg = teacher.locator(`[data-testid="gb-avg"][data-student-id="${id}"]`);
    await expect.poll(() => avg.innerText(), { timeout: 10_000 }).toBe('7,9');
    // A wrong score is refused with a clear message; the average stays.
    await cell('tx1').fill('11');
    await cell('tx1').press('Enter');
    await teacher.getByTestId('gb-cell-error').waitFor();
    expect(await avg.innerText()).toBe('7,9');

    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('gb-export-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, 'STT', 'Mã định danh', 'Họ và tên', 'ĐĐGtx1', 'ĐĐGtx2', 'ĐĐGtx3', 'ĐĐGgk', 'ĐĐGck', 'ĐTBmhkI']);
    expect(ws.getRow(3).values).toEqual([undefined, 1, world.studentsA[0]!.login, world.studentsA[0]!.displayName, 8, 7, 9, 7.5, 8, 7.9]);
  });
});

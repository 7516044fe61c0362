/**
 * The question bank in real Chromium (R16): a teacher imports a small Word file (built here by
 * the docx package), reads the preview question by question, applies it, edits a question by
 * adding $x^2$ and sees KaTeX render it in the live preview and in the list; the page fits a
 * 360-px phone; the export downloads a GIFT file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { MathFraction, MathRun, WordMath, docxOf, image, optionsLine, p, run } from '../testkit/docx.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
let dir: string;
let teacherCookie: string;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services);
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'bank-e2e-'));
  const u = await browser.newUser();
  teacher = u.page;
  teacherCookie = (await signedIn(server.httpUrl, world.teacherA)).cookie;
  await useSession(u.context, server.httpUrl, teacherCookie);
  await teacher.goto(`${server.httpUrl}/bank`);
  await teacher.getByTestId('bank-page').waitFor({ timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Three questions as a teacher writes them: a marked option and a picture, true/false, a number. */
async function wordFile(): Promise<string> {
  const bytes = await docxOf([
    p(run('PHẦN I', { bold: true })),
    p(run('Câu 1.', { bold: true }), ' Giá trị của ', new WordMath({ children: [new MathFraction({ numerator: [new MathRun('1')], denominator: [new MathRun('2')] })] }), ' là', image()),
    optionsLine(['0,2', '0,5', '2', '5'], 1, 'underline'),
    p('PHẦN II'),
    p('Câu 2. Cho tam giác ABC vuông tại A.'),
    p('a) Góc A bằng 90°.'),
    p('b) BC là cạnh ngắn nhất.'),
    p('Đáp án: a) Đ, b) S'),
    p('PHẦN III'),
    p('Câu 3. Tính 1,5 + 1,5.'),
    p('Đáp án: 3'),
  ]);
  const path = join(dir, 'de-kiem-tra.docx');
  writeFileSync(path, bytes);
  return path;
}

const katexIn = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] .katex`);

describe('the question bank page', () => {
  it('imports a Word file: the preview lists each question as understood, then apply stores them', async () => {
    await teacher.getByTestId('bank-tab-import').click();
    await teacher.getByTestId('import-file').setInputFiles(await wordFile());
    await teacher.getByTestId('import-preview-button').click();
    const preview = teacher.getByTestId('import-preview');
    await preview.waitFor({ timeout: 20_000 });
    expect(await preview.getAttribute('data-ok')).toBe('true');
    const items = teacher.getByTestId('import-item');
    expect(await items.count()).toBe(3);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-ok')))).toEqual(['true', 'true', 'true']);
    // The Word equation became LaTeX that KaTeX renders; the marked option is the right one.
    await katexIn(teacher, 'import-preview').first().waitFor({ timeout: 20_000 });
    expect(await items.first().locator('[data-correct="true"]').textContent()).toContain('0,5');
    await teacher.getByTestId('import-apply').click();
    const result = teacher.getByTestId('import-result');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getAttribute('data-created')).toBe('3');
  });

  it('lists the imported questions; editing one with $x^2$ shows it rendered live and after saving', async () => {
    await teacher.getByTestId('bank-tab-list').click();
    const items = teacher.getByTestId('bank-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);
    const numeric = teacher.locator('[data-testid="bank-item"][data-kind="numeric"]');
    await numeric.getByTestId('bank-item-edit').click();
    const stem = teacher.getByTestId('editor-stem');
    await stem.waitFor();
    await stem.fill('Tính $x^2$ khi $x = 3$.');
    const preview = katexIn(teacher, 'editor-preview');
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(2);
    expect(await teacher.locator('[data-testid="editor-preview"] .katex-mathml annotation').first().textContent()).toBe('x^2');
    await teacher.getByTestId('editor-save').click();
    await teacher.getByTestId('editor-saved').waitFor({ timeout: 20_000 });
    expect(await teacher.getByTestId('editor-saved').textContent()).toContain('2');
    await teacher.getByTestId('editor-close').click();
    await expect.poll(() => numeric.locator('.katex').count(), { timeout: 20_000 }).toBe(2);
  });

  it('downloads the filtered questions as a GIFT file', async () => {
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('export-gift').click()]);
    expect(download.suggestedFilename()).toBe('ngan-hang-cau-hoi.gift.txt');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('\\(x^2\\)');
    expect(text).toMatch(/::Câu 1::\[html\]/);
  });

  it('fits a 360-px phone: the list and the editor', async () => {
    const u = await browser.newUser({ phone: true });
    await useSession(u.context, server.httpUrl, teacherCookie);
    const phone = u.page;
    await phone.goto(`${server.httpUrl}/bank`);
    await phone.getByTestId('bank-item').first().waitFor({ timeout: 20_000 });
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.getByTestId('bank-new').click();
    await phone.getByTestId('editor-stem').fill('Cho $\\frac{a}{b}$ với $b \\neq 0$.');
    await expect.poll(() => katexIn(phone, 'editor-preview').count(), { timeout: 20_000 }).toBe(2);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await u.context.close();
  });
});

/**
 * Issue 11, R13 in real Chromium: a student asks on the class's board with math and a photo; a
 * classmate answers (it appears in the asker's open thread at once, pushed); the teacher accepts the
 * answer (the asker's badge rises without a reload); the asker's unread count rises with each and
 * clears when the thread is opened; a student of another class gets nothing by the question's id.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { png } from '../testkit/docx.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;

async function pageAs(account: SchoolWorld['admin'], phone = false): Promise<Page> {
  const u = await browser.newUser({ phone });
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, account)).cookie);
  return u.page;
}

/** The navigation badge's number, 0 when it is not shown. */
async function badge(page: Page): Promise<number> {
  const b = page.getByTestId('qa-unread');
  return (await b.count()) === 0 ? 0 : Number((await b.innerText()).trim());
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('class questions and answers', () => {
  it('ask with math and a photo, a classmate answers, the teacher accepts, the asker’s count rises then clears', async () => {
    const asker = await pageAs(world.studentsA[0]!, true);
    await asker.goto(`${server.httpUrl}/questions`);
    await asker.getByTestId('qa-ask-form').waitFor({ timeout: 20_000 });
    await asker.getByTestId('qa-ask-body').fill('Tính $\\frac{1}{2} + \\frac{1}{3}$ giúp em <script>window.pwned=1</script>');
    await asker.getByTestId('qa-ask-preview').locator('.katex').first().waitFor({ timeout: 10_000 });
    await asker.getByTestId('qa-ask-photo').setInputFiles({ name: 'vo.png', mimeType: 'image/png', buffer: Buffer.from(png(40, 30)) });
    await asker.getByTestId('qa-ask-send').click();
    const question = asker.getByTestId('qa-thread-question');
    await question.waitFor({ timeout: 15_000 });
    await question.locator('.katex').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => question.getByTestId('qa-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 10_000 }).toBe(true);
    expect(await question.locator('script').count()).toBe(0);
    expect(await asker.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    const questionId = (await asker.getByTestId('qa-thread').getAttribute('data-id'))!;
    expect(await badge(asker)).toBe(0);

    const classmate = await pageAs(world.studentsA[1]!);
    await classmate.goto(`${server.httpUrl}/questions`);
    await classmate.locator(`[data-testid="qa-question"][data-id="${questionId}"] [data-testid="qa-open"]`).click();
    await classmate.getByTestId('qa-answer-body').fill('Quy đồng: $\\frac{3}{6} + \\frac{2}{6} = \\frac{5}{6}$');
    await classmate.getByTestId('qa-answer-send').click();
    await classmate.getByTestId('qa-answer').locator('.katex').first().waitFor({ timeout: 10_000 });

    // Pushed: the answer appears in the asker's open thread without a reload (looking at it reads it).
    await asker.getByTestId('qa-answer').locator('.katex').first().waitFor({ timeout: 5_000 });
    await expect.poll(() => badge(asker), { timeout: 5_000 }).toBe(0);
    await asker.goto(`${server.httpUrl}/questions`);
    await asker.getByTestId('qa-ask-form').waitFor({ timeout: 10_000 });

    const teacher = await pageAs(world.teacherA);
    await teacher.goto(`${server.httpUrl}/questions`);
    await expect.poll(() => badge(teacher), { timeout: 10_000 }).toBe(2); // asked + answered
    await teacher.getByTestId('qa-note').first().click();
    await teacher.getByTestId('qa-accept').click();
    await teacher.locator('[data-testid="qa-answer"][data-accepted="1"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => badge(teacher), { timeout: 10_000 }).toBe(0);

    // Pushed: the acceptance raises the badge of the asker's open page, no navigation, no reload.
    await expect.poll(() => badge(asker), { timeout: 5_000 }).toBe(1);
    await asker.getByTestId('qa-note').first().click();
    await asker.locator('[data-testid="qa-answer"][data-accepted="1"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => badge(asker), { timeout: 10_000 }).toBe(0);
    await asker.reload();
    await asker.getByTestId('qa-thread').waitFor({ timeout: 10_000 });
    expect(await badge(asker)).toBe(0);

    // A student of 8B: the thread by its id is "not found", on the page and over HTTP.
    const other = await pageAs(world.studentB);
    await other.goto(`${server.httpUrl}/questions/${questionId}`);
    await other.getByTestId('qa-error').waitFor({ timeout: 10_000 });
    expect(await other.getByTestId('qa-thread').count()).toBe(0);
    expect((await other.request.get(`${server.httpUrl}/api/qa/questions/${questionId}`)).status()).toBe(404);
    expect((await other.request.get(`${server.httpUrl}/api/qa/questions/${questionId}/photo`)).status()).toBe(404);
  });
});

/**
 * Cheap phones (issue 10, T2): on a 360x640 screen every lesson control is reachable without
 * sideways scrolling, for a student and for a teacher, and the reactions are drawn in colour by
 * the emoji font the page ships when the system has none (this machine has no colour emoji font).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { joinThroughUi, pageState } from './lessonPage.js';

const PHONE = { width: 360, height: 640 };

/** Where a control is, and whether it is inside the screen and the topmost element at its centre (so a tap reaches it). */
async function reachable(page: Page, testId: string): Promise<{ inside: boolean; onTop: boolean }> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inside, onTop: hit !== null && (hit === el || el.contains(hit)) };
  });
}

async function noSidewaysScroll(page: Page): Promise<{ page: number; bar: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.control-bar') as HTMLElement;
    return { page: document.documentElement.scrollWidth - window.innerWidth, bar: bar.scrollWidth - bar.clientWidth };
  });
}

/** Every control of the bar and of its "more" sheet is inside the screen and tappable. */
async function expectAllReachable(page: Page, inBar: string[], inSheet: string[]): Promise<void> {
  expect(await noSidewaysScroll(page)).toEqual({ page: 0, bar: 0 });
  for (const id of inBar) expect({ id, ...(await reachable(page, id)) }).toEqual({ id, inside: true, onTop: true });
  await page.getByTestId('more-toggle').click();
  for (const id of inSheet) expect({ id, ...(await reachable(page, id)) }).toEqual({ id, inside: true, onTop: true });
  expect(await noSidewaysScroll(page)).toEqual({ page: 0, bar: 0 });
  // The bar lists nothing that is neither in the bar nor in the sheet (a new control must be placed).
  const all = await page.locator('.control-bar button[data-testid]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  expect(all.sort()).toEqual([...inBar, ...inSheet].sort());
  await page.getByTestId('more-toggle').click();
  await expect.poll(() => page.getByTestId('control-more').isVisible()).toBe(false);
}

describe('a lesson on a 360x640 phone', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let teacher: Page;
  let student: Page;

  beforeAll(async () => {
    server = await startTestServer({ media: { engine: 'mediasoup' } });
    browser = await launchChromium();
    teacher = (await browser.newUser({ viewport: PHONE })).page;
    student = (await browser.newUser({ viewport: PHONE })).page;
    const demo = server.demo;
    if (!demo) throw new Error('the test server has no demo lesson');
    await joinThroughUi(teacher, demo.teacher);
    await joinThroughUi(student, demo.students[0] ?? '');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a student reaches every control, 'Rời lớp' included, without scrolling sideways", async () => {
    await expect.poll(() => student.getByTestId('leave-button').getAttribute('aria-label')).toBe('Rời lớp');
    await expectAllReachable(
      student,
      ['mic-toggle', 'camera-toggle', 'hand-toggle', 'chat-toggle', 'more-toggle', 'leave-button'],
      ['participants-toggle', 'questions-toggle', 'audio-only-toggle', 'teacher-only-toggle'],
    );
  });

  it('a teacher reaches every tool the same way', async () => {
    await expectAllReachable(
      teacher,
      ['mic-toggle', 'camera-toggle', 'lobby-toggle', 'chat-toggle', 'more-toggle', 'leave-button'],
      [
        'participants-toggle',
        'breakout-toggle',
        'quiz-toggle',
        'questions-toggle',
        'handout-toggle',
        'attendance-toggle',
        'recording-toggle',
        'screen-share-toggle',
        'audio-only-toggle',
        'end-lesson-button',
      ],
    );
  });

  it('a control in the sheet works and closes the sheet', async () => {
    await student.getByTestId('more-toggle').click();
    await student.getByTestId('teacher-only-toggle').click();
    await expect.poll(() => pageState<{ dataSaver: { teacherOnly: boolean } }>(student).then((s) => s.dataSaver.teacherOnly)).toBe(true);
    expect(await student.getByTestId('control-more').isVisible()).toBe(false);
    await student.getByTestId('more-toggle').click();
    await expect.poll(() => student.getByTestId('teacher-only-toggle').getAttribute('data-state')).toBe('on');
    await student.getByTestId('teacher-only-toggle').click();
  });

  it('the data used per minute is shown in the header', async () => {
    const usage = student.getByTestId('data-usage');
    expect(await reachable(student, 'data-usage')).toMatchObject({ inside: true });
    // Network samples come every 5 s: two of them give a rate.
    await expect.poll(() => usage.getAttribute('data-bytes-per-minute'), { timeout: 20_000, interval: 500 }).toMatch(/^[1-9]\d*$/);
    expect(await usage.innerText()).toMatch(/^\d+(,\d)? (KB|MB)\/phút$/);
  });

  it('reactions are drawn in colour by the emoji font the page ships (the system has none)', async () => {
    await student.getByTestId('reaction-thumbs_up').click();
    await teacher.getByTestId('reaction-shown').first().waitFor({ timeout: 5000 });
    const result = await teacher.evaluate(async () => {
      const emoji = document.querySelector('.reaction-bubble__emoji') as HTMLElement;
      await document.fonts.ready;
      const face = [...document.fonts].find((f) => f.family.replace(/"/g, '') === 'Lophoc Reaction Emoji');
      // Draw the glyph with the page's font stack and count coloured pixels: a missing glyph
      // (an empty box) or a monochrome fallback has none.
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 64;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      ctx.font = `48px ${getComputedStyle(emoji).fontFamily}`;
      ctx.fillText('👍', 4, 52);
      const px = ctx.getImageData(0, 0, 64, 64).data;
      let coloured = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b, a] = [px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0, px[i + 3] ?? 0];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      }
      return { family: getComputedStyle(emoji).fontFamily, status: face?.status ?? 'absent', coloured };
    });
    expect(result.family).toContain('Lophoc Reaction Emoji');
    expect(result.status).toBe('loaded');
    expect(result.coloured).toBeGreaterThan(200);
  });

  it("'Rời lớp' works from the phone's bar", async () => {
    await student.getByTestId('leave-button').click();
    await expect.poll(() => pageState<{ connection: { phase: string } }>(student).then((s) => s.connection.phase), { timeout: 10_000 }).not.toBe('live');
  });
});

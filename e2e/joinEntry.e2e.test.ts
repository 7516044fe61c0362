/**
 * The join entry in real Chromium against the real server and mediasoup (issue 10,
 * docs/weak-networks.md "The join entry"): on a first visit over a weak link the app's ~74 kB
 * arrive seconds after the page, which has the ~11 kB entry inlined. Held back here (as such a link does), the entry's page
 * shows alone, its "Vào lớp" joins and the teacher is heard before the app is there; then the app
 * takes over that join (the server sees one JoinRequest), its own consumer of the microphone
 * replaces the entry's first sound, and the lesson goes on. A student who has not pressed "Vào
 * lớp" when the app comes gets the app's join page with the name typed so far.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { audioPacketRows, countSentRequests, joinThroughUi, waitForSelfId } from './lessonPage.js';

/** The app's chunk (client/vite.config.ts names it "app"). */
const APP_CHUNK = /\/assets\/app-[^/]*\.js$/;

/** Holds the app's chunk back until `release()` (a weak link's seconds, as long as the test needs). */
async function holdApp(context: BrowserContext): Promise<{ release: () => void; asked: () => number }> {
  let asked = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  await context.route(APP_CHUNK, async (route) => {
    asked++;
    await released;
    await route.continue();
  });
  return { release, asked: () => asked };
}

const marks = (page: Page) => page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name.replace(/^lophoc:/, '')));


describe('the join entry', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let teacherId: string;
  let teacher: Page;

  beforeAll(async () => {
    server = await startTestServer({ media: { engine: 'mediasoup' } });
    browser = await launchChromium();
    teacher = (await browser.newUser()).page;
    teacherId = await joinThroughUi(teacher, server.demo?.teacher ?? '');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** What the page did about the app: the timeline's marks, and whether it fetched the app's chunk. */
  const appLoading = (page: Page) =>
    page.evaluate(async () => ({
      marks: performance.getEntriesByType('mark').map((m) => m.name.replace(/^lophoc:/, '')),
      fetched: performance.getEntriesByType('resource').some((e) => /\/assets\/app-[^/]*\.js$/.test(e.name)),
      // The page came with the entry inlined: its HTML names no script or stylesheet of the build to wait for.
      files: await fetch(location.pathname).then(async (r) => ((await r.text()).match(/<(?:script|link)\b[^>]*\b(?:src|href)="\/assets\//g) ?? []).length),
    }));

  it("loads the app at once on a teacher's link; shows its own page first on a student's", async () => {
    const forTeacher = await appLoading(teacher);
    expect(forTeacher).toMatchObject({ fetched: true, files: 0 });
    // Asked for before any join page showed (the one there is the app's).
    expect(forTeacher.marks).toContain('app-requested');
    expect(forTeacher.marks.indexOf('app-requested')).toBeLessThan(forTeacher.marks.indexOf('join-page'));
    const { context, page } = await browser.newUser({ phone: true });
    await page.goto(server.demo?.students[3] ?? server.demo?.students[0] ?? '');
    await page.locator('[data-join-entry]').waitFor({ state: 'detached', timeout: 20_000 });
    const forStudent = await appLoading(page);
    expect(forStudent).toMatchObject({ fetched: true, files: 0 });
    // A good link: the app is asked for right after the entry's page shows, not after a click.
    expect(forStudent.marks.indexOf('join-page')).toBeGreaterThanOrEqual(0);
    expect(forStudent.marks.indexOf('app-requested')).toBeGreaterThan(forStudent.marks.indexOf('join-page'));
    await page.getByTestId('join-preview').waitFor({ timeout: 10_000 });
    await context.close();
  }, 60_000);

  it('joins and plays the teacher before the app arrives; the app takes the join over and the lesson goes on', async () => {
    const { context, page } = await browser.newUser({ phone: true });
    const app = await holdApp(context);
    const sent = countSentRequests(page, ['join', 'firstSound', 'firstSoundConnect', 'firstSoundClose']);
    await page.goto(server.demo?.students[0] ?? '');
    await page.locator('[data-join-entry] [data-testid="join-button"]').click({ timeout: 20_000 });

    // Heard through the entry's first sound while the app is held back.
    await expect.poll(async () => (await audioPacketRows(page, teacherId))[0] ?? 0, { timeout: 15_000, interval: 100 }).toBeGreaterThan(5);
    expect(app.asked()).toBeGreaterThan(0);
    expect(await marks(page)).not.toContain('app-start');
    expect(sent).toMatchObject({ join: 1, firstSound: 1, firstSoundConnect: 1, firstSoundClose: 0 });
    expect(await page.getByTestId('join-button').textContent()).toBe('Đang vào lớp…');

    // The app comes: the same participant in the lesson, its own consumer replaces the first sound.
    app.release();
    const selfId = await waitForSelfId(page);
    expect(await page.locator('[data-join-entry]').count()).toBe(0);
    await expect.poll(() => marks(page), { timeout: 20_000 }).toContain('first-sound-handed-over');
    await expect.poll(() => sent.firstSoundClose, { timeout: 5000 }).toBe(1);
    expect(sent.join).toBe(1);
    const [before] = await audioPacketRows(page, teacherId);
    await page.waitForTimeout(1000);
    const after = await audioPacketRows(page, teacherId);
    expect(after).toHaveLength(1);
    expect(after[0]).toBeGreaterThan(before ?? 0);
    // The teacher's page has the student once, under the entry's join.
    await expect.poll(() => teacher.evaluate(() => (window as unknown as { __classroom: { state(): { participants: Array<{ id: string }> } } }).__classroom.state().participants.map((p) => p.id)), { timeout: 10_000 }).toContain(selfId);

    // The lesson works on the handed-over socket: "Rời lớp" ends it.
    await page.getByTestId('leave-button').first().click();
    await page.getByTestId('final-screen').waitFor({ timeout: 10_000 });
    await expect.poll(() => teacher.evaluate(() => (window as unknown as { __classroom: { state(): { participants: Array<{ id: string }> } } }).__classroom.state().participants.map((p) => p.id)), { timeout: 10_000 }).not.toContain(selfId);
    await context.close();
  }, 120_000);

  it("hands the name typed on its page to the app's join page when the app comes first", async () => {
    const { context, page } = await browser.newUser({ phone: true });
    const app = await holdApp(context);
    const sent = countSentRequests(page, ['join', 'firstSound', 'firstSoundConnect', 'firstSoundClose']);
    await page.goto(server.demo?.students[1] ?? '');
    const name = page.locator('[data-join-entry] [data-testid="join-name"]');
    await name.fill('Phạm Thu Hà');
    app.release();
    await page.locator('[data-join-entry]').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getByTestId('join-name').inputValue()).toBe('Phạm Thu Hà');
    // The app's page has what the entry's has not: the camera preview.
    await page.getByTestId('join-preview').waitFor({ timeout: 10_000 });
    await page.getByTestId('join-button').click();
    await waitForSelfId(page);
    expect(sent.join).toBe(1);
    await context.close();
  }, 120_000);

  it('on a slow link asks for the app only once the first sound is connected, so that the join and the handshake have the link', async () => {
    const { context, page } = await browser.newUser({ phone: true });
    // The page's downloads at ~400 kbit/s with 300 ms of latency (Chromium's throttling: HTTP only,
    // not the WebSocket nor WebRTC): the entry's own download tells it the link is slow.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const sent = countSentRequests(page, ['join', 'firstSound', 'firstSoundConnect', 'firstSoundClose']);
    await page.goto(server.demo?.students[2] ?? server.demo?.students[0] ?? '');
    await page.locator('[data-join-entry] [data-testid="join-button"]').click({ timeout: 30_000 });
    await expect.poll(() => marks(page), { timeout: 20_000 }).toContain('app-requested');
    const order = await marks(page);
    expect(order).toContain('first-sound-connected');
    expect(order.indexOf('app-requested')).toBeGreaterThan(order.indexOf('first-sound-connected'));
    await waitForSelfId(page, 40_000);
    expect(sent.join).toBe(1);
    await context.close();
  }, 120_000);
});

/**
 * The first sound of a join in real Chromium against the real server and mediasoup (issue 10,
 * docs/weak-networks.md "The first sound"): a student's first visit whose media library is slow
 * to arrive (held back here by 4 s, as a weak link does) hears the teacher through the
 * first-sound transport before the library is loaded, then through its own consumer once it is,
 * the first-sound connection closed (the page says so to the server). A page whose library is
 * loaded before "Vào lớp" (a returning student's, from the cache) never asks for one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { audioPacketRows, countSentRequests, joinThroughUi, waitForSelfId } from './lessonPage.js';

const LIBRARY_HELD_MS = 4000;

const marks = (page: Page) => page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name.replace(/^lophoc:/, '')));

describe('the first sound of a join', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let teacherId: string;

  beforeAll(async () => {
    server = await startTestServer({ media: { engine: 'mediasoup' } });
    browser = await launchChromium();
    const teacher = (await browser.newUser()).page;
    teacherId = await joinThroughUi(teacher, server.demo?.teacher ?? '');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a first visit with a slow media library hears the teacher before the library arrives, then hands over to its own consumer', async () => {
    const { context, page } = await browser.newUser({ phone: true });
    let libraryAsked = 0;
    await context.route(/\/assets\/TransportController-[^/]*\.js$/, async (route) => {
      libraryAsked++;
      await new Promise((r) => setTimeout(r, LIBRARY_HELD_MS));
      await route.continue();
    });
    const sent = countSentRequests(page, ['firstSound', 'firstSoundConnect', 'firstSoundClose']);
    await page.goto(server.demo?.students[0] ?? '');
    await page.getByTestId('join-button').click({ timeout: 20_000 });

    // Heard through the first sound while the library is still held back.
    await expect.poll(() => audioPacketRows(page, teacherId), { timeout: 15_000, interval: 100 }).toEqual([expect.any(Number)]);
    await expect.poll(async () => (await audioPacketRows(page, teacherId))[0] ?? 0, { timeout: 15_000, interval: 100 }).toBeGreaterThan(5);
    expect(libraryAsked).toBeGreaterThan(0);
    expect(await marks(page)).not.toContain('media-library-loaded');
    expect(sent).toMatchObject({ firstSound: 1, firstSoundConnect: 1, firstSoundClose: 0 });

    // The library arrives: the page's own consumer of the microphone plays, the first sound closes.
    await expect.poll(() => marks(page), { timeout: 20_000 }).toContain('first-sound-handed-over');
    expect(await marks(page)).toContain('media-library-loaded');
    await expect.poll(() => sent.firstSoundClose, { timeout: 5000 }).toBe(1);
    const [before] = await audioPacketRows(page, teacherId);
    await page.waitForTimeout(1000);
    const after = await audioPacketRows(page, teacherId);
    // One row left (the page's own), and its sound goes on.
    expect(after).toHaveLength(1);
    expect(after[0]).toBeGreaterThan(before ?? 0);
    await waitForSelfId(page);

    // The same phone comes back, its library loaded before "Vào lớp" (as from its cache): no first sound asked.
    await page.getByTestId('leave-button').first().click();
    await page.getByTestId('final-screen').waitFor({ timeout: 10_000 });
    await context.unroute(/\/assets\/TransportController-[^/]*\.js$/);
    const again = await context.newPage();
    const sentAgain = countSentRequests(again, ['firstSound', 'firstSoundConnect', 'firstSoundClose']);
    await again.goto(server.demo?.students[0] ?? '');
    await expect.poll(() => marks(again), { timeout: 15_000 }).toContain('media-library-loaded');
    await again.getByTestId('join-button').click({ timeout: 20_000 });
    await waitForSelfId(again);
    await expect.poll(async () => (await audioPacketRows(again, teacherId))[0] ?? 0, { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await marks(again)).not.toContain('first-sound-asked');
    expect(sentAgain.firstSound).toBe(0);
  }, 120_000);
});

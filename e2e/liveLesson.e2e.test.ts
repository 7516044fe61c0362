/**
 * Issue 2 end to end: a teacher and two students join through the real client in headless
 * Chromium with fake camera and microphone, through the real server and media engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loudToneWav, type TestBrowser } from '../testkit/chromium.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { countMediaResets, joinThroughUi, mediaStats, participantIds, waitAudio, waitDecoding, waitDecodingProgress, waitSpeakingTile } from './lessonPage.js';
import type { Page } from 'playwright-core';

describe('a first live lesson in real browsers', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let teacher: Page;
  let student1: Page;
  let student2: Page;
  const ids = { teacher: '', s1: '', s2: '' };
  const resets = { student: 0, teacher: 0 };

  beforeAll(async () => {
    server = await startTestServer({ lesson: { reconnectGraceMs: 5000 } });
    // A steady tone for the microphones, so that the SFU hears who talks.
    browser = await launchChromium({ fakeAudioFile: loudToneWav() });
    teacher = (await browser.newUser()).page;
    student1 = (await browser.newUser()).page;
    student2 = (await browser.newUser({ phone: true })).page;
    countMediaResets(student1, () => resets.student++);
    countMediaResets(teacher, () => resets.teacher++);
    const demo = server.demo;
    if (!demo) throw new Error('the test server has no demo lesson');
    ids.teacher = await joinThroughUi(teacher, demo.teacher);
    ids.s1 = await joinThroughUi(student1, demo.students[0] ?? '');
    ids.s2 = await joinThroughUi(student2, demo.students[1] ?? '');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("each student's page decodes the teacher's video and receives the teacher's audio", async () => {
    for (const page of [student1, student2]) {
      expect(await waitDecoding(page, ids.teacher)).toBeGreaterThan(0);
      expect(await waitAudio(page, ids.teacher)).toBeGreaterThan(0);
    }
  });

  it("the teacher's page decodes both students' video", async () => {
    expect(await waitDecoding(teacher, ids.s1)).toBeGreaterThan(0);
    expect(await waitDecoding(teacher, ids.s2)).toBeGreaterThan(0);
  });

  it('each video arrives at the layer its tile needs: the staged teacher above the thumbnail layer, a classmate\'s thumbnail at the lowest (240 of 960 px)', async () => {
    // Every camera sends 960x540 in 3 layers (960, 480, 240). The page asks LOW for thumbnails
    // and its governor's layer for the stage; the SFU forwards at most that (the consumer's
    // preferred layer, under its bandwidth estimation).
    const width = async (page: Page, participantId: string) =>
      (await mediaStats(page)).find((t) => t.participantId === participantId && t.source === 'camera' && t.kind === 'video')?.frameWidth ?? 0;
    await expect.poll(() => width(student1, ids.s2), { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    await expect.poll(() => width(student1, ids.s2), { timeout: 20_000, interval: 250 }).toBeLessThanOrEqual(240);
    await expect.poll(() => width(teacher, ids.s1), { timeout: 20_000, interval: 250 }).toBeLessThanOrEqual(240);
    // The staged teacher gets more than a thumbnail (the top layer unless the machine's load makes
    // Chromium scale its capture down).
    await expect.poll(() => width(student1, ids.teacher), { timeout: 20_000, interval: 250 }).toBeGreaterThan(240);
    expect(await width(teacher, ids.s1)).toBeGreaterThan(0);
  });

  it('the Vietnamese interface is the default and the phone page fits 360 px', async () => {
    await expect.poll(() => student2.getByTestId('mic-toggle').getAttribute('aria-label')).toMatch(/micro/i);
    const overflow = await student2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it("who is speaking: the teacher's tile is highlighted on a student's page, and a student who talks shows in the teacher's participants panel", async () => {
    // Chromium's fake microphone beeps; the teacher joined with the microphone on.
    await waitSpeakingTile(student1, ids.teacher);
    await student1.getByTestId('mic-toggle').click();
    await teacher.getByTestId('participants-toggle').click();
    await teacher.waitForSelector(`[data-testid="participant-row"][data-participant-id="${ids.s1}"][data-speaking="true"]`, { state: 'attached', timeout: 15_000 });
    await teacher.getByTestId('participants-toggle').click();
    await student1.getByTestId('mic-toggle').click();
  });

  it('a chat message reaches everyone', async () => {
    await teacher.getByTestId('chat-toggle').click();
    await teacher.getByTestId('chat-input').fill('Chào cả lớp, hôm nay học bài 5');
    await teacher.getByTestId('chat-send').click();
    for (const page of [student1, student2]) {
      await page.getByTestId('chat-toggle').click();
      await expect.poll(() => page.getByTestId('chat-messages').innerText(), { timeout: 5000 }).toContain('hôm nay học bài 5');
      // On a phone the chat is a full-height sheet over the controls: close it with its own button.
      await page.getByTestId('chat-close').click();
    }
  });

  it("a student who leaves disappears from the others' pages within 2 s", async () => {
    await student2.getByTestId('leave-button').click();
    const left = Date.now();
    for (const page of [teacher, student1]) {
      await expect.poll(() => participantIds(page), { timeout: 2000, interval: 100 }).not.toContain(ids.s2);
      await expect.poll(() => page.locator(`[data-testid="tile"][data-participant-id="${ids.s2}"]`).count(), { timeout: 2000, interval: 100 }).toBe(0);
    }
    expect(Date.now() - left).toBeLessThan(2000 + 500);
  });

  it('a killed media engine is restarted and the pages decode video again within 10 s', async () => {
    const pid = Object.values(server.engine.instancePids()).find((p): p is number => typeof p === 'number');
    expect(pid).toBeDefined();
    const killedAt = Date.now();
    process.kill(pid as number, 'SIGKILL');
    // The pages are told to start their media over; decoding must resume on the new connections.
    await expect.poll(() => resets.student > 0 && resets.teacher > 0, { timeout: 10_000, interval: 50 }).toBe(true);
    // The dead engine's streams stopped; growing counts come from the new connections.
    await waitDecodingProgress(student1, ids.teacher, 10_000 - (Date.now() - killedAt));
    await waitDecodingProgress(teacher, ids.s1, 10_000 - (Date.now() - killedAt));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });
});

/**
 * Playback of a recorded lesson (issue 9) in real Chromium. The lesson is recorded for real (the
 * server, mediasoup, the recorder and the post-processing job; the teacher in Chromium with a
 * file-fed camera, who shares a real screen stream: getDisplayMedia on Chromium's fake screen):
 * a student joins, raises a hand and writes in the chat while the teacher shares the screen, then
 * stops sharing; the MP4 is made. Then: the MP4 shows the share large with the teacher's camera
 * in the corner while it lasts, the camera alone before and after, with chapters where the share
 * starts and stops, and the playback page's timeline places the share there too; the teacher's
 * playback page lists the moments in order beside the video, clicking one seeks the video there
 * and highlights it; a student of the class gets nothing until the teacher publishes the
 * recording, then sees it with the chat; the principal opens the archive page from the navigation
 * and sees a bundle's progress by bytes and time left, and builds one.
 *
 * Headless Chromium captures a screen: with --use-fake-device-for-media-stream and
 * --use-fake-ui-for-media-stream (testkit/chromium.ts) getDisplayMedia answers at once with
 * Chromium's fake desktop source (a green 1280x720 test card) through the same capture and
 * WebRTC path as a real screen, so no canvas stands in for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../recorder/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { describePage, launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { waitFor } from '../testkit/lessonBot.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';
import { setJoinToggle, useSession, waitForSelfId } from './lessonPage.js';
import { describeFrames, framesOf, magentaCameraFile, spans, videoSize } from './shareFrames.js';

let dir: string;
let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let recordingId = '';
/** Wall-clock moments the teacher's page showed the share on and off (Date.now()). */
const clicks = { shareOn: 0, shareOff: 0 };
const CHAT = 'Em xin phát biểu ạ';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One sign-in per account (the first one changes the initial password). */
const sessions = new Map<string, Promise<ApiClient>>();
const session = (account: SchoolWorld['admin']) => {
  if (!sessions.has(account.userId)) sessions.set(account.userId, signedIn(server.httpUrl, account));
  return sessions.get(account.userId)!;
};

async function pageAs(account: SchoolWorld['admin']): Promise<Page> {
  const u = await browser.newUser();
  await useSession(u.context, server.httpUrl, (await session(account)).cookie);
  return u.page;
}

/** Clicks a control bar toggle of the teacher's page and waits until it shows `want`. */
async function toggle(page: Page, testId: string, want: 'on' | 'off'): Promise<void> {
  await page.getByTestId(testId).click({ timeout: 20_000 });
  try {
    // (Not expect.poll: this runs in beforeAll.)
    await page.waitForFunction(([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') === v, [testId, want] as const, { timeout: 20_000 });
  } catch (error) {
    throw new Error(`${testId} did not turn ${want} (${String(error)}):\n${await describePage(page)}`);
  }
}

/**
 * Records lesson A for ~15 s: the teacher (Chromium, camera and microphone) starts recording
 * from the control bar; a student (a WebSocket client) joins, raises a hand; the teacher shares
 * the screen; the student writes in the chat; the teacher stops sharing; the student leaves; the
 * teacher stops recording. Resolves with the recording's id once its MP4 exists. Each step waits
 * for what it caused (a segment, a toggle's state), not a fixed time: a loaded box is slower.
 */
async function recordLesson(): Promise<string> {
  const lessonId = world.lessonA.id;
  const store = server.services.storage.recordings;
  const teacher = await pageAs(world.teacherA);
  await teacher.goto(`${server.httpUrl}/lesson/${lessonId}`);
  await setJoinToggle(teacher, 'join-mic-toggle', 'on');
  await setJoinToggle(teacher, 'join-camera-toggle', 'on');
  await teacher.getByTestId('join-button').click({ timeout: 20_000 });
  await waitForSelfId(teacher, 30_000).catch(async () => {
    throw new Error(`the teacher did not enter the lesson:\n${await describePage(teacher)}`);
  });
  await teacher.getByTestId('lobby-toggle').click({ timeout: 20_000 });
  await teacher.getByTestId('setting-auto-admit').check();
  await teacher.getByTestId('lobby-toggle').click();

  await toggle(teacher, 'recording-toggle', 'on');
  const rec = await waitFor('the recording', async () => (await store.recordingsOfLesson(lessonId)).find((r) => r.state === 'recording'), 20_000);
  await waitFor('the teacher’s camera in the recording', async () => (await store.segments(rec.id)).some((s) => s.label === 'camera'), 30_000);
  await pause(1500);
  const token = server.links.mint({ lessonId, userId: world.studentsA[0]!.userId, name: world.studentsA[0]!.displayName, role: 'student' });
  const student = await TestClient.connect(server.wsUrl);
  try {
    expect((await student.join({ joinToken: token })).join?.participantId).toBeTruthy();
    await pause(1500);
    expect((await student.request({ raiseHand: {} })).body).toBe('ack');
    await pause(1500);
    await toggle(teacher, 'screen-share-toggle', 'on');
    clicks.shareOn = Date.now();
    await waitFor('the screen share in the recording', async () => (await store.segments(rec.id)).some((s) => s.label === 'screen'), 30_000);
    await pause(1500);
    expect((await student.request({ sendChat: { text: CHAT } })).error ?? null).toBeNull();
    await pause(3000);
    await toggle(teacher, 'screen-share-toggle', 'off');
    clicks.shareOff = Date.now();
    await pause(2000);
    expect((await student.request({ leave: {} })).body).toBe('ack');
    await pause(1500);
  } finally {
    student.close();
  }
  await toggle(teacher, 'recording-toggle', 'off');
  await teacher.context().close();
  await waitFor('the MP4', async () => (await store.recording(rec.id))?.videoBlob, 180_000);
  return rec.id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'playback-e2e-'));
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' }, media: { engine: 'mediasoup' }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  // The teacher's camera is plain magenta, the shared screen Chromium's green card (shareFrames.ts).
  browser = await launchChromium({ extraArgs: [`--use-file-for-fake-video-capture=${magentaCameraFile(dir)}`] });
  recordingId = await recordLesson();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the playback page of a recorded lesson', () => {
  it('the MP4 shows the share large with the camera in the corner while it lasts; chapters and the timeline place it there', async () => {
    const store = server.services.storage.recordings;
    const recording = await store.recording(recordingId);
    const mp4 = join(dir, 'lesson.mp4');
    writeFileSync(mp4, await buffer((await server.services.blobs.get(recording!.videoBlob!)).body));
    // What the picture shows, 4 frames a second (frames that show neither — black before the
    // first picture, a moment at a switch — are left out).
    const frames = framesOf(mp4);
    const runs = spans(frames.filter((f) => f.shown !== 'other'));
    const probed = await probeFile(mp4);
    // The playback page's timeline.
    const page = await pageAs(world.teacherA);
    await page.goto(`${server.httpUrl}/recordings/${recordingId}`);
    const offsetOf = async (kind: string) => {
      const item = page.locator(`[data-testid="timeline-item"][data-kind="${kind}"]`);
      await item.waitFor({ timeout: 20_000 });
      return Number(await item.getAttribute('data-offset')) / 1000;
    };
    const timeline = { start: await offsetOf('share_start'), end: await offsetOf('share_end') };
    await page.context().close();
    const picture = { start: runs[1]?.from ?? NaN, end: runs[2]?.from ?? NaN };
    // Where the teacher's page showed the share on and off, on the video's clock (the timeline's
    // origin: the earliest segment's start, PlaybackTimeline #origin).
    const segments = await store.segments(recordingId);
    const origin = Math.min(...segments.map((s) => s.startedAt));
    const shared = { start: (clicks.shareOn - origin) / 1000, end: (clicks.shareOff - origin) / 1000 };
    const screen = segments.find((s) => s.label === 'screen');
    const why = [
      `picture: ${describeFrames(frames)}`,
      `chapters ${probed.chapters.map((c) => `${c.title}@${c.start.toFixed(2)}`).join(' ')}; timeline share ${timeline.start.toFixed(2)}–${timeline.end.toFixed(2)} s; the page shared ${shared.start.toFixed(2)}–${shared.end.toFixed(2)} s`,
      `the screen segment started ${screen ? screen.startedAt - clicks.shareOn : '?'} ms after the page showed the share and ended ${screen?.endedAt ? screen.endedAt - clicks.shareOff : '?'} ms after it showed it stopped`,
    ].join('\n');
    console.log(`playback share:\n${why}`);

    expect(videoSize(mp4)).toEqual({ width: 1280, height: 720 });
    // The camera alone, then the share large with the camera in the corner, then the camera alone.
    expect(runs.map((r) => r.shown), why).toEqual(['camera', 'share', 'camera']);
    // Chapters: the lesson, the share, the lesson again, cut where the picture changes.
    expect(probed.chapters.map((c) => c.title), why).toEqual(['Giảng bài', 'Chia sẻ màn hình', 'Giảng bài']);
    expect(Math.abs(probed.chapters[1]!.start - picture.start), why).toBeLessThanOrEqual(1);
    expect(Math.abs(probed.chapters[2]!.start - picture.end), why).toBeLessThanOrEqual(1);
    // The timeline puts the share's start and stop where they happened in the lesson.
    expect(Math.abs(timeline.start - shared.start), why).toBeLessThanOrEqual(1);
    expect(Math.abs(timeline.end - shared.end), why).toBeLessThanOrEqual(1);
    // ...and where the video shows them, but for the recorder's start-up: a new stream is tapped
    // straight to a writer started ahead (LessonRecording's Spare), and resuming the tap asks for
    // a key frame, so the picture follows within the frame sampling (0.25 s) and a key frame's
    // trip: the screen segment started 70 ms after the page showed the share at load ~20 (it was
    // 0.4–1.2 s while an ffmpeg was started for each new stream, and this bound 2 s). Its end is prompt.
    expect(picture.start - timeline.start, why).toBeGreaterThanOrEqual(-1);
    expect(picture.start - timeline.start, why).toBeLessThanOrEqual(1);
    expect(Math.abs(timeline.end - picture.end), why).toBeLessThanOrEqual(1);
  });

  it('lists the lesson’s moments in order beside the video; clicking one seeks there and highlights it', async () => {
    const page = await pageAs(world.teacherA);
    await page.goto(`${server.httpUrl}/lesson/${world.lessonA.id}/recordings`);
    await page.getByTestId('recording-play').click();
    await page.waitForURL(`**/recordings/${recordingId}`);
    const items = page.getByTestId('timeline-item');
    await items.first().waitFor({ timeout: 20_000 });
    const kinds = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['join', 'hand', 'share_start', 'chat', 'share_end', 'leave']);
    const offsets = (await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))))) as number[];
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    const chat = page.locator('[data-testid="timeline-item"][data-kind="chat"]');
    expect(await chat.innerText()).toContain(CHAT);
    expect(await chat.innerText()).toContain(world.studentsA[0]!.displayName);
    // The video can play (its metadata loads through the signed, ranged URL).
    const video = page.getByTestId('playback-video');
    await page.waitForFunction(() => (document.querySelector('[data-testid="playback-video"]') as HTMLVideoElement | null)?.readyState! >= 1, null, { timeout: 20_000 });
    const chatOffset = Number(await chat.getAttribute('data-offset'));
    await chat.locator('button').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeCloseTo(chatOffset / 1000, 0);
    await expect.poll(() => chat.getAttribute('data-current'), { timeout: 10_000 }).toBe('true');
    // Playing on from there keeps the highlight moving with the video.
    const shareEnd = page.locator('[data-testid="timeline-item"][data-kind="share_end"]');
    await shareEnd.locator('button').click();
    await expect.poll(() => shareEnd.getAttribute('data-current'), { timeout: 10_000 }).toBe('true');
    expect(await chat.getAttribute('data-current')).toBeNull();
    await page.context().close();
  });

  it('a student of the class sees nothing until the teacher publishes it, then the timeline with the chat', async () => {
    const student = await pageAs(world.studentsA[0]!);
    await student.goto(`${server.httpUrl}/recordings/${recordingId}`);
    await student.getByTestId('playback-error').waitFor({ timeout: 20_000 });
    expect(await student.getByTestId('timeline-item').count()).toBe(0);
    const teacher = await pageAs(world.teacherA);
    await teacher.goto(`${server.httpUrl}/lesson/${world.lessonA.id}/recordings`);
    // A controlled box: it turns on once the server said so.
    await teacher.getByTestId('recording-publish').click();
    await expect.poll(async () => (await server.services.storage.recordings.recording(recordingId))?.published, { timeout: 10_000 }).toBe(true);
    await student.reload();
    await student.locator('[data-testid="timeline-item"][data-kind="chat"]', { hasText: CHAT }).waitFor({ timeout: 20_000 });
    // Another class's student still gets nothing.
    const other = await pageAs(world.studentB);
    await other.goto(`${server.httpUrl}/recordings/${recordingId}`);
    await other.getByTestId('playback-error').waitFor({ timeout: 20_000 });
    for (const p of [student, teacher, other]) await p.context().close();
  });

  it('the principal opens the archive from the navigation and follows a bundle’s progress by bytes', async () => {
    const admin = await session(world.admin);
    expect((await admin.request('PUT', `/api/staff/${world.teacherB.userId}/duties`, { duties: [{ duty: 'principal', subjectId: '' }] })).status).toBe(200);
    // A bundle being built by another node of the school (jobs are shared through the store).
    const now = Date.now();
    await server.services.storage.archive.createJob({
      id: 'arc_elsewhere', schoolId: world.schoolId, classId: world.classB, from: now - 86_400_000, to: now, label: 'Học kì I (8B)', requestedBy: world.admin.userId,
      state: 'running', attempts: 1, progress: 0.25, doneBytes: 250 * 1024 * 1024, totalBytes: 1000 * 1024 * 1024, etaMs: 90_000, error: null, blobKey: null, bytes: null, createdAt: now, updatedAt: now,
    });
    const principal = await pageAs(world.teacherB);
    await principal.goto(`${server.httpUrl}/`);
    await principal.getByTestId('nav-archive').click();
    await principal.getByTestId('archive-page').waitFor({ timeout: 20_000 });
    const running = principal.locator('[data-testid="archive-bundle"][data-state="running"]');
    await running.waitFor({ timeout: 20_000 });
    expect(await running.getByTestId('archive-state-text').innerText()).toBe('Đang tạo… 25% · 250.0 MB / 1000.0 MB · còn khoảng 1:30');
    expect(await running.getByTestId('archive-progress').getAttribute('value')).toBe('0.25');
    // The page follows it while it runs.
    await server.services.storage.archive.updateJob('arc_elsewhere', { progress: 0.6, doneBytes: 600 * 1024 * 1024, etaMs: 40_000 }, Date.now());
    await principal.locator('[data-testid="archive-state-text"]', { hasText: '60% · 600.0 MB / 1000.0 MB · còn khoảng 0:40' }).waitFor({ timeout: 10_000 });
    // The principal builds one: the class list comes with the page (no admin page needed).
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    await principal.getByTestId('archive-class').selectOption({ label: '8A' });
    await principal.getByTestId('archive-from').fill(today);
    await principal.getByTestId('archive-to').fill(today);
    await principal.getByTestId('archive-build').click();
    const done = principal.locator('[data-testid="archive-bundle"][data-state="done"]');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getByTestId('archive-download').count()).toBe(1);
    // Retention stays the admin's.
    expect(await principal.getByTestId('retention-save').count()).toBe(0);
    await principal.context().close();
  });
});

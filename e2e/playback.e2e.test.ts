/**
 * Playback of a recorded lesson (issue 9) in real Chromium. The lesson is recorded for real (the
 * server, mediasoup, the recorder and the post-processing job, the teacher a WebRTC bot with a
 * synthetic camera and microphone): a student joins, raises a hand and writes in the chat while
 * the teacher's screen-share state goes on and off; the MP4 is made. Then, in Chromium: the
 * teacher's playback page lists those moments in order beside the video, clicking one seeks the
 * video there and highlights it; a student of the class gets nothing until the teacher publishes
 * the recording, then sees it with the chat; the principal opens the archive page from the
 * navigation and sees a bundle's progress by bytes and time left, and builds one.
 *
 * (The screen share is the participant's state change, which is what the timeline lists; a real
 * screen-share stream into the MP4's chapters is the recording E2E's subject.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testkit/apiClient.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { LessonBot, waitFor } from '../testkit/lessonBot.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let recordingId = '';
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

/** Records lesson A for ~12 s with a join, a hand, a share on and off, a chat message and a leave; resolves with the recording's id once its MP4 exists. */
async function recordLesson(): Promise<string> {
  const lessonId = world.lessonA.id;
  const token = (userId: string, name: string, role: 'teacher' | 'student') => server.links.mint({ lessonId, userId, name, role });
  const teacher = await LessonBot.join(server.wsUrl, token(world.teacherA.userId, world.teacherA.displayName, 'teacher'), { publish: true });
  try {
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    expect((await teacher.client.request({ startRecording: {} })).error ?? null).toBeNull();
    const store = server.services.storage.recordings;
    const rec = await waitFor('the recording', async () => (await store.recordingsOfLesson(lessonId)).find((r) => r.state === 'recording'), 20_000);
    await waitFor('the teacher’s camera in the recording', async () => (await store.segments(rec.id)).some((s) => s.label === 'camera'), 20_000);
    await pause(1500);
    const student = await TestClient.connect(server.wsUrl);
    expect((await student.join({ joinToken: token(world.studentsA[0]!.userId, world.studentsA[0]!.displayName, 'student') })).join?.participantId).toBeTruthy();
    await pause(1500);
    expect((await student.request({ raiseHand: {} })).body).toBe('ack');
    await pause(1500);
    expect((await teacher.client.request({ setMediaState: { micOn: true, cameraOn: true, screenOn: true } })).body).toBe('ack');
    await pause(1500);
    expect((await student.request({ sendChat: { text: CHAT } })).error ?? null).toBeNull();
    await pause(1500);
    expect((await teacher.client.request({ setMediaState: { micOn: true, cameraOn: true, screenOn: false } })).body).toBe('ack');
    await pause(1500);
    expect((await student.request({ leave: {} })).body).toBe('ack');
    await pause(1500);
    expect((await teacher.client.request({ stopRecording: {} })).error ?? null).toBeNull();
    student.close();
    await waitFor('the MP4', async () => (await store.recording(rec.id))?.videoBlob, 120_000);
    return rec.id;
  } finally {
    teacher.close();
  }
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' }, media: { engine: 'mediasoup' }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  browser = await launchChromium();
  recordingId = await recordLesson();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the playback page of a recorded lesson', () => {
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

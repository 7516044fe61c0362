/**
 * Recording a lesson in real Chromium (issue 9, R5, R21): the teacher's camera and microphone are
 * a canvas and a WebAudio tone that flash and beep together (avSync.ts); the teacher starts recording from
 * the lesson's control bar, a student in the lesson sees the indicator, a student who comes later
 * is told on the join page; 20 s of camera, then 10 s of screen share, then the teacher stops. The
 * background job makes the MP4, checked with ffprobe (H.264 + AAC, duration, chapters at the
 * share's start and stop) and for audio/video sync (flash and beep within 100 ms), measured in the
 * recorder's raw segments and in the MP4.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile, probeSegment } from '../recorder/index.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { waitFor } from '../testkit/mediaSources.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { PERIOD_MS, beepOnsets, flashOnsets, latencies, levelSeries, lumaSeries, pairOnsets, patternDevicesScript, summary } from './avSync.js';
import { setJoinToggle, useSession, waitAudio, waitDecoding, waitForSelfId } from './lessonPage.js';

const CAMERA_SEC = 20;
/** Audio and video of one moment must be within this of each other in the recording (issue 9). */
const SYNC_TOLERANCE_SEC = 0.1;
const SHARE_SEC = 10;
/** The teacher's camera in the MP4: full frame alone, 320x180 bottom-right (16 px margin) beside a share; this box is inside both. */
const CAMERA_BOX = { w: 280, h: 140, x: 1280 - 320 - 16 + 20, y: 720 - 180 - 16 + 20 };

let dir: string;
let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let teacher: Page;
let early: Page;
let late: Page;
const lessonUrl = () => `${server.httpUrl}/lesson/${world.lessonA.id}`;

async function userPage(account: SchoolWorld['teacherA']): Promise<Page> {
  const u = await browser.newUser();
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, account)).cookie);
  return u.page;
}

/** A student enters with microphone and camera off (only the teacher's media is the pattern). */
async function studentJoins(page: Page): Promise<string> {
  await page.goto(lessonUrl());
  await setJoinToggle(page, 'join-mic-toggle', 'off');
  await setJoinToggle(page, 'join-camera-toggle', 'off');
  await page.getByTestId('join-button').click({ timeout: 20_000 });
  return waitForSelfId(page);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-e2e-'));
  server = await startTestServer({ demo: { enabled: false }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  browser = await launchChromium();
  teacher = await userPage(world.teacherA);
  // The teacher's camera and microphone flash and beep together (avSync.ts).
  await teacher.addInitScript({ content: patternDevicesScript() });
  early = await userPage(world.studentsA[0]!);
  late = await userPage(world.studentsA[1]!);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  // KEEP_REC=1 keeps the MP4 and a copy of the segments (printed folder) to study a failure.
  if (dir && !process.env.KEEP_REC) rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`kept ${dir}`);
});

describe('recording a lesson in Chromium', () => {
  it('the teacher records camera then a screen share; students are told; the MP4 is whole, has chapters, and audio and video are in sync', async () => {
    await teacher.goto(lessonUrl());
    await setJoinToggle(teacher, 'join-mic-toggle', 'on');
    await setJoinToggle(teacher, 'join-camera-toggle', 'on');
    await teacher.getByTestId('join-button').click({ timeout: 20_000 });
    const teacherId = await waitForSelfId(teacher);
    await teacher.getByTestId('lobby-toggle').click();
    await teacher.getByTestId('setting-auto-admit').check();
    await teacher.getByTestId('lobby-toggle').click();

    await studentJoins(early);
    await waitDecoding(early, teacherId, 30_000);
    await waitAudio(early, teacherId, 30_000);

    // Recording starts from the lesson's control bar; everyone in the lesson sees it.
    const clickedStartAt = Date.now();
    await teacher.getByTestId('recording-toggle').click();
    await teacher.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
    const startedAt = Date.now();
    await early.getByTestId('recording-indicator').waitFor({ timeout: 10_000 });

    // A student coming now is told on the join page, before entering (R21).
    await late.goto(lessonUrl());
    await late.getByTestId('join-recording-notice').waitFor({ timeout: 15_000 });
    expect(await late.getByTestId('join-recording-notice').textContent()).toMatch(/ghi hình/i);
    await setJoinToggle(late, 'join-mic-toggle', 'off');
    await setJoinToggle(late, 'join-camera-toggle', 'off');
    await late.getByTestId('join-button').click();
    await waitForSelfId(late);
    await late.getByTestId('recording-indicator').waitFor({ timeout: 10_000 });

    await teacher.waitForTimeout(Math.max(0, startedAt + CAMERA_SEC * 1000 - Date.now()));
    await teacher.getByTestId('screen-share-toggle').click();
    await expect.poll(() => teacher.getByTestId('screen-share-toggle').getAttribute('data-state'), { timeout: 15_000 }).toBe('on');
    const sharedAt = Date.now();
    await teacher.waitForTimeout(SHARE_SEC * 1000);
    await teacher.getByTestId('screen-share-toggle').click();
    await expect.poll(() => teacher.getByTestId('screen-share-toggle').getAttribute('data-state'), { timeout: 15_000 }).toBe('off');
    const unsharedAt = Date.now();
    await teacher.waitForTimeout(2000);
    const clickedStopAt = Date.now();
    await teacher.getByTestId('recording-toggle').click();
    await expect.poll(() => early.getByTestId('recording-indicator').count(), { timeout: 15_000 }).toBe(0);
    const stoppedAt = Date.now();
    const captured = await teacher.evaluate(() => (window as unknown as { __avPattern: { onsets: number[] } }).__avPattern);

    // The background job makes one MP4.
    const store = server.services.storage.recordings;
    const [rec] = await store.recordingsOfLesson(world.lessonA.id);
    expect(rec).toMatchObject({ state: 'stopped', startedBy: world.teacherA.userId });
    const segments = await store.segments(rec!.id);
    // The teacher's camera, microphone and share; of the students only their (muted) microphones.
    expect(segments.filter((s) => s.peerId === teacherId).map((s) => s.label).sort()).toEqual(['camera', 'microphone', 'screen']);
    expect(segments.filter((s) => s.peerId !== teacherId).every((s) => s.label === 'microphone')).toBe(true);
    await waitFor('the post-processing job', async () => {
      const [j] = await store.jobsOfRecording(rec!.id);
      if (j?.state === 'failed') throw new Error(`job failed: ${j.error}`);
      return j?.state === 'done' || undefined;
    }, 240_000);
    const done = await store.recording(rec!.id);
    const mp4 = join(dir, 'lesson.mp4');
    writeFileSync(mp4, await buffer((await server.services.blobs.get(done!.videoBlob!)).body));

    if (process.env.KEEP_REC) cpSync(join(server.config.dataDir, 'recordings', rec!.directory), join(dir, 'segments'), { recursive: true });
    const probed = await probeFile(mp4);
    expect(probed.streams.filter((s) => s.type === 'video').map((s) => s.codec)).toEqual(['h264']);
    expect(probed.streams.filter((s) => s.type === 'audio').map((s) => s.codec)).toEqual(['aac']);
    // As long as what was recorded (the segments' wall-clock span) within 1 s, and about what the teacher did.
    const span = (Math.max(...segments.map((s) => s.endedAt!)) - Math.min(...segments.map((s) => s.startedAt))) / 1000;
    expect(Math.abs(probed.durationSec - span)).toBeLessThan(1);
    // A/V sync. The page flashed and beeped together every PERIOD_MS (avSync.ts); the onsets are
    // found first in the raw segments (their timestamps are receive times on the wall clock), then
    // in the MP4 (placed from its origin, the earliest segment's first packet, as compose.ts does).
    const pageOnsets = captured.onsets.map((ms) => ms / 1000);
    const teacherFiles = (label: string) => segments.filter((s) => s.peerId === teacherId && s.label === label).map((s) => join(server.config.dataDir, 'recordings', rec!.directory, s.file));
    const segFlashes = teacherFiles('camera').flatMap((f) => flashOnsets(lumaSeries(f, { absolute: true })));
    const segBeeps = teacherFiles('microphone').flatMap((f) => beepOnsets(levelSeries(f, { absolute: true })));
    const probedSegments = [];
    for (const s of segments) {
      const p = await probeSegment(join(server.config.dataDir, 'recordings', rec!.directory, s.file));
      if (p) probedSegments.push({ label: s.label, peer: s.peerId === teacherId ? 'teacher' : 'student', ...p });
    }
    const origin = Math.min(...probedSegments.map((p) => p.startSec));
    const mp4Flashes = flashOnsets(lumaSeries(mp4, { absolute: false, crop: CAMERA_BOX })).map((t) => t + origin);
    const mp4Beeps = beepOnsets(levelSeries(mp4, { absolute: false })).map((t) => t + origin);
    const inSegments = pairOnsets(segFlashes, segBeeps, SYNC_TOLERANCE_SEC);
    const inMp4 = pairOnsets(mp4Flashes, mp4Beeps, SYNC_TOLERANCE_SEC);
    // Where the composition put each stream: an onset in the MP4 minus the same onset in its segment.
    const videoPlaced = pairOnsets(mp4Flashes, segFlashes, SYNC_TOLERANCE_SEC);
    const audioPlaced = pairOnsets(mp4Beeps, segBeeps, SYNC_TOLERANCE_SEC);
    console.log(
      [
        `A/V sync (flash minus beep; positive: picture late), tolerance ${SYNC_TOLERANCE_SEC * 1000} ms, ${pageOnsets.length} onsets made by the page:`,
        `  segments: ${summary(inSegments.offsets)}; unpaired ${inSegments.unpaired.map((o) => Math.round(o * 1000)).join(' ') || 'none'}`,
        `  MP4:      ${summary(inMp4.offsets)}; unpaired ${inMp4.unpaired.map((o) => Math.round(o * 1000)).join(' ') || 'none'}`,
        `  browser → segment latency: video ${summary(latencies(segFlashes, pageOnsets))}; audio ${summary(latencies(segBeeps, pageOnsets))}`,
        `  MP4 minus segment: video ${summary(videoPlaced.offsets)}; audio ${summary(audioPlaced.offsets)}`,
        `  MP4 ${probed.durationSec.toFixed(2)} s for ${span.toFixed(2)} s recorded; segments ${probedSegments.map((p) => `${p.peer}/${p.label} +${(p.startSec - origin).toFixed(2)} ${p.durationSec.toFixed(2)}s`).join(', ')}`,
      ].join('\n'),
    );
    // Most periods must pair within the tolerance, in the segments and in the MP4. A few may not:
    // on a loaded 2-core box a camera frame can be dropped (the flash's first frames lost, so its
    // onset comes a frame or two late) and an onset can fall on the cut between camera and share
    // layouts; a recording out of sync pairs none.
    const cameraSec = probedSegments.filter((p) => p.peer === 'teacher' && p.label === 'camera').reduce((sum, p) => sum + p.durationSec, 0);
    const periods = Math.floor(cameraSec / (PERIOD_MS / 1000));
    expect(inSegments.offsets.length, 'flash/beep pairs within 100 ms in the segments').toBeGreaterThanOrEqual(Math.floor(periods * 0.75));
    expect(inMp4.offsets.length, 'flash/beep pairs within 100 ms in the MP4').toBeGreaterThanOrEqual(Math.floor(periods * 0.75));
    // The MP4 covers what the teacher recorded: it starts after the click (its origin is a packet's
    // receive time on this machine's clock), lasts at least from the indicator to the stop click
    // and at most from the start click until the students' indicator went off. (The indicator
    // itself can lag the recording by seconds on a loaded box: not an exact start.)
    expect(origin).toBeGreaterThan(clickedStartAt / 1000 - 0.1);
    expect(probed.durationSec).toBeGreaterThan((clickedStopAt - startedAt) / 1000 - 1);
    expect(probed.durationSec).toBeLessThan((stoppedAt - clickedStartAt) / 1000 + 0.5);

    // Chapters: the lesson, the share, the lesson again, cut where the screen's segment starts
    // and ends (compose.ts). The screen is recorded from a moment after the page shows the share
    // on: the recorder taps it to a writer started ahead, and resuming the tap asks for a key
    // frame (a lag, printed; 4.3 s was seen at load 14 when an ffmpeg was started per new stream).
    expect(probed.chapters.map((c) => c.title)).toEqual(['Giảng bài', 'Chia sẻ màn hình', 'Giảng bài']);
    const screen = probedSegments.find((p) => p.peer === 'teacher' && p.label === 'screen')!;
    expect(Math.abs(probed.chapters[1]!.start - (screen.startSec - origin))).toBeLessThan(0.1);
    expect(Math.abs(probed.chapters[2]!.start - (screen.startSec + screen.durationSec - origin))).toBeLessThan(0.1);
    const shareLag = screen.startSec - sharedAt / 1000;
    const unshareLag = screen.startSec + screen.durationSec - unsharedAt / 1000;
    console.log(
      `share shown on → first screen frame recorded ${shareLag.toFixed(2)} s; share off → last ${unshareLag.toFixed(2)} s; ` +
        `start click → indicator ${((startedAt - clickedStartAt) / 1000).toFixed(2)} s, → first packet ${(origin - clickedStartAt / 1000).toFixed(2)} s; stop click → indicator off ${((stoppedAt - clickedStopAt) / 1000).toFixed(2)} s`,
    );
    expect(shareLag).toBeGreaterThan(-1);
    expect(shareLag).toBeLessThan(2);
    expect(Math.abs(unshareLag)).toBeLessThan(3);
  }, 420_000);
});

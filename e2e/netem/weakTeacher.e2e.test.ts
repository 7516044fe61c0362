/**
 * The teacher's uplink congested (issue 10, T2): the teacher's Chromium behind 400 kbit/s up,
 * 150 ms round trip and 3 % loss, while publishing camera and microphone; a student on a good
 * network keeps hearing the teacher (the audio is not starved by the video) and still sees video.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loudToneWav } from '../../testkit/chromium.js';
import { joinThroughUi, waitDecoding } from '../lessonPage.js';
import { measureWindow, startWeakLesson, WEAK_3G, type WeakLesson } from '../../testkit/weakLink.js';

describe("a teacher on a congested uplink", () => {
  let lesson: WeakLesson;
  let student: Page;
  let teacherId = '';

  beforeAll(async () => {
    lesson = await startWeakLesson({ fakeAudioFile: loudToneWav() });
    const demo = lesson.server.demo;
    if (!demo) throw new Error('the test server has no demo lesson');
    const teacher = (await lesson.remote.newUser()).page;
    student = (await lesson.local.newUser()).page;
    teacherId = await joinThroughUi(teacher, lesson.viaLink(demo.teacher));
    await joinThroughUi(student, demo.students[0] ?? '');
    expect(await waitDecoding(student, teacherId)).toBeGreaterThan(0);
  }, 120_000);

  afterAll(async () => {
    await lesson?.close();
  });

  it('the class keeps hearing the teacher, and still sees the camera', async () => {
    lesson.ns.shape({ up: WEAK_3G, down: { delayMs: WEAK_3G.delayMs } });
    // Let the teacher's browser find the uplink's rate (its estimate falls, layers are dropped).
    await new Promise((r) => setTimeout(r, 15_000));
    const w = await measureWindow(student, teacherId, 20_000);
    console.log(`congested teacher uplink, 20 s on a student's page: ${JSON.stringify(w)}`);
    expect(w.audioPackets).toBeGreaterThan(700);
    expect(w.concealedAudioPct).toBeLessThan(10);
    expect(w.framesDecoded).toBeGreaterThan(40);
  }, 90_000);
});

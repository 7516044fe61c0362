/**
 * Networks that block UDP (schools, some mobile operators), issue 10 T2: a student's Chromium in
 * a namespace where UDP is dropped still gets the teacher's media, through the project's TURN
 * server over TCP when only the TURN port is open, and by ICE over TCP to the SFU itself where
 * no TURN server is deployed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '../../testkit/coturn.js';
import { joinThroughUi, pageState, waitAudio, waitDecoding } from '../lessonPage.js';
import { startWeakLesson, type WeakLesson } from '../../testkit/weakLink.js';

const route = (page: Page) => pageState<{ dataSaver: { mediaRoute: string } }>(page).then((s) => s.dataSaver.mediaRoute);

async function joinBoth(lesson: WeakLesson): Promise<{ student: Page; teacherId: string }> {
  const demo = lesson.server.demo;
  if (!demo) throw new Error('the test server has no demo lesson');
  const teacher = (await lesson.local.newUser()).page;
  const student = (await lesson.remote.newUser({ phone: true })).page;
  const teacherId = await joinThroughUi(teacher, demo.teacher);
  await joinThroughUi(student, lesson.viaLink(demo.students[0] ?? ''));
  return { student, teacherId };
}

describe('UDP blocked, only the TURN port open', () => {
  let turn: Coturn;
  let lesson: WeakLesson;

  beforeAll(async () => {
    lesson = await startWeakLesson({
      server: async (ns) => {
        turn = await startCoturn({ ip: ns.hostIp });
        // The firewall: no UDP at all, TCP only to the signaling server and the TURN server.
        return { turn: { secret: turn.secret, urls: turn.urls, ttlSeconds: 600 } };
      },
    });
    lesson.ns.blockUdp({ allowTcpPorts: [lesson.server.port, turn.port] });
  }, 120_000);

  afterAll(async () => {
    await lesson?.close();
    await turn?.stop();
  });

  it("the student decodes the teacher's video and audio through TURN over TCP", async () => {
    const { student, teacherId } = await joinBoth(lesson);
    expect(await waitDecoding(student, teacherId, 40_000)).toBeGreaterThan(0);
    expect(await waitAudio(student, teacherId)).toBeGreaterThan(0);
    await expect.poll(() => route(student), { timeout: 15_000, interval: 500 }).toBe('relay/tcp');
  }, 90_000);
});

describe('UDP blocked, no TURN server deployed', () => {
  let lesson: WeakLesson;

  beforeAll(async () => {
    lesson = await startWeakLesson();
    lesson.ns.blockUdp();
  }, 120_000);

  afterAll(async () => {
    await lesson?.close();
  });

  it("the student decodes the teacher's video and audio by ICE over TCP to the SFU's WebRtcServer", async () => {
    const { student, teacherId } = await joinBoth(lesson);
    expect(await waitDecoding(student, teacherId, 40_000)).toBeGreaterThan(0);
    expect(await waitAudio(student, teacherId)).toBeGreaterThan(0);
    // Chromium's active TCP candidate is usually learned as peer-reflexive: either way a direct TCP path, no relay.
    await expect.poll(() => route(student), { timeout: 15_000, interval: 500 }).toMatch(/^(host|prflx)\/tcp$/);
  }, 90_000);
});

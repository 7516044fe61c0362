/**
 * The weak-link scenarios, one fresh lesson each (bench:netem `--profiles student,teacher`):
 *
 * - student: a student's Chromium behind the link joins on a clean link, then the link becomes
 *   400 kbit/s, 150 ms round trip, 3 % loss both ways: time until the teacher's camera is at the
 *   low layer, a window of what the page receives (layer, freezes, concealed audio), then the
 *   link recovers: time until the camera is back above the low layer; then a 10 s outage: time
 *   from the link's return until video and audio both flow again.
 * - teacher: the teacher's Chromium behind the link, a student on this machine; the teacher's
 *   uplink becomes 400 kbit/s with 150 ms and 3 % loss; after 15 s to settle, a window of what the
 *   student receives of the teacher.
 *
 * Each runs with transport-cc offered or withheld (REMB only): the decision of docs/sfu.md.
 */
import type { Page } from 'playwright-core';
import { loudToneWav } from '../../testkit/chromium.js';
import { measureWindow, receivedSoFar, startWeakLesson, WEAK_3G, type WeakLesson, type WindowFigures } from '../../testkit/weakLink.js';
import { joinAs, layerOf, log, timedJoin } from './pages.js';

export interface ScenarioFigures {
  profile: string;
  transportCc: 'on' | 'off';
  layer: string;
  freezes: number;
  concealedAudioPct: number;
  joinP50Ms: number | null;
  freezeSeconds: number;
  framesDecoded: number;
  audioPackets: number;
  /** Student: shaping -> the camera decoded at <= 240 px (null: not within 90 s). */
  stepDownMs?: number | null;
  /** Student: the link recovered -> the camera above 240 px (null: not within 150 s). */
  stepUpMs?: number | null;
  /** Student: the end of a 10 s outage -> video and audio both flowing (null: not within 60 s). */
  outageBackMs?: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lessonFor(transportWideCc: boolean): Promise<WeakLesson> {
  return startWeakLesson({ fakeAudioFile: loudToneWav(), server: () => ({ media: { engine: 'mediasoup', mediasoup: { transportWideCc } } }) });
}

/** Polls until `ok` holds; ms it took, or null after `capMs`. */
async function timeUntil(ok: () => Promise<boolean>, capMs: number, everyMs = 500): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < capMs) {
    if (await ok().catch(() => false)) return Date.now() - start;
    await sleep(everyMs);
  }
  return null;
}

function figures(profile: string, transportWideCc: boolean, w: WindowFigures, joinMs: number | null): ScenarioFigures {
  return {
    profile,
    transportCc: transportWideCc ? 'on' : 'off',
    layer: layerOf(w.frameWidth),
    freezes: w.freezes,
    concealedAudioPct: w.concealedAudioPct,
    joinP50Ms: joinMs,
    freezeSeconds: w.freezeSeconds,
    framesDecoded: w.framesDecoded,
    audioPackets: w.audioPackets,
  };
}

export async function weakStudent(transportWideCc: boolean, windowMs: number): Promise<ScenarioFigures> {
  const lesson = await lessonFor(transportWideCc);
  try {
    const demo = lesson.server.demo;
    if (!demo) throw new Error('the bench server has no demo lesson');
    const teacherId = await joinAs((await lesson.local.newUser()).page, demo.teacher);
    const { ms: joinMs, page } = await timedJoin(lesson.remote, lesson.viaLink(demo.students[0] ?? ''), teacherId);
    await sleep(5000);
    lesson.ns.shape({ down: WEAK_3G, up: WEAK_3G });
    const stepDownMs = await timeUntil(async () => {
      const width = (await receivedSoFar(page, teacherId)).frameWidth;
      return width > 0 && width <= 240;
    }, 90_000);
    const w = await measureWindow(page, teacherId, windowMs);
    log(`student (transport-cc ${transportWideCc ? 'on' : 'off'}): low layer after ${stepDownMs} ms; window ${JSON.stringify(w)}`);
    lesson.ns.clear();
    const stepUpMs = await timeUntil(async () => (await receivedSoFar(page, teacherId)).frameWidth > 240, 150_000);
    // Whose choice the layer is: the page's governor (what it asks the SFU for) or mediasoup's
    // estimate (what it sends within that).
    const governor = await page.evaluate(() => (globalThis as unknown as { __classroom: { state(): { featuredLayer: string } } }).__classroom.state().featuredLayer).catch(() => '?');
    log(`student: above the low layer ${stepUpMs} ms after the link recovered (the page asks for ${governor})`);
    const outageBackMs = await afterOutage(lesson, page, teacherId);
    log(`student: video and audio back ${outageBackMs} ms after a 10 s outage ended`);
    return { ...figures('weak-student-400k-150ms-3pct', transportWideCc, w, joinMs), stepDownMs, stepUpMs, outageBackMs };
  } finally {
    await lesson.close();
  }
}

/** A 10 s outage; ms from its end until frames and audio packets both grow again. */
async function afterOutage(lesson: WeakLesson, page: Page, teacherId: string): Promise<number | null> {
  lesson.ns.outage();
  await sleep(10_000);
  lesson.ns.clear();
  let last = await receivedSoFar(page, teacherId).catch(() => ({ framesDecoded: 0, audioPackets: 0, frameWidth: 0 }));
  return timeUntil(
    async () => {
      const now = await receivedSoFar(page, teacherId);
      // After a restart the counters start again on new consumers: any change with both
      // counters moving forward between two samples counts as flowing.
      const flowing = now.framesDecoded > last.framesDecoded && now.audioPackets > last.audioPackets;
      last = now;
      return flowing;
    },
    60_000,
    300,
  );
}

export async function weakTeacher(transportWideCc: boolean, windowMs: number): Promise<ScenarioFigures> {
  const lesson = await lessonFor(transportWideCc);
  try {
    const demo = lesson.server.demo;
    if (!demo) throw new Error('the bench server has no demo lesson');
    const teacherId = await joinAs((await lesson.remote.newUser()).page, lesson.viaLink(demo.teacher));
    const student = (await lesson.local.newUser()).page;
    await joinAs(student, demo.students[0] ?? '');
    const decoding = await timeUntil(async () => (await receivedSoFar(student, teacherId)).framesDecoded > 0, 30_000);
    if (decoding === null) throw new Error("the student never decoded the teacher's camera");
    lesson.ns.shape({ up: WEAK_3G, down: { delayMs: WEAK_3G.delayMs } });
    // The teacher's browser finds the uplink's rate (its estimate falls, layers are dropped).
    await sleep(15_000);
    const w = await measureWindow(student, teacherId, windowMs);
    log(`teacher uplink (transport-cc ${transportWideCc ? 'on' : 'off'}): window on the student's page ${JSON.stringify(w)}`);
    return figures('weak-teacher-uplink-400k-150ms-3pct', transportWideCc, w, null);
  } finally {
    await lesson.close();
  }
}

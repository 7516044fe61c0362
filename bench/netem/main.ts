/**
 * Weak-network bench (issue 10, T2): a teacher's Chromium on this machine, students' Chromium in
 * a network namespace behind an emulated link (bench/lib/netns.ts), one profile after another.
 * For each profile it joins `--joins` fresh students (cold cache: the page is downloaded through
 * the link) and times "opening the link -> hearing the teacher" (first teacher audio packets
 * played), then watches the last student for `--window` seconds. Prints one JSON line per
 * profile: {"profile","layer","freezes","concealedAudioPct","joinP50Ms"}; details on stderr.
 *
 *   npm run build:client && npm run bench:netem -- [--joins 10] [--window 30] [--profiles 3g,join] [--transport-cc off]
 *
 * Needs root (namespaces) and /dev/net/tun. The teacher, the SFU and every browser share this
 * machine's cores: say so with the figures.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { LinkShape } from '../lib/netns.js';
import { commandLine, positive } from '../lib/cli.js';
import { loudToneWav } from '../../testkit/chromium.js';
import { measureWindow, startWeakLesson, WEAK_3G, type WeakLesson } from '../../testkit/weakLink.js';
import { formatWaterfall, readWaterfall, type Waterfall } from './waterfall.js';

interface Profile {
  name: string;
  down: LinkShape;
  up: LinkShape;
}

const PROFILES: Record<string, Profile> = {
  /** No shaping: the reference. */
  clean: { name: 'clean', down: {}, up: {} },
  /** The weak mobile link: 400 kbit/s, 150 ms round trip, 3 % loss both ways. */
  '3g': { name: '3g-400k-150ms-3pct', down: WEAK_3G, up: WEAK_3G },
  /** The join target: 400 kbit/s and 300 ms round trip. */
  join: { name: 'join-400k-300ms', down: { rateKbit: 400, delayMs: 150 }, up: { rateKbit: 400, delayMs: 150 } },
};

const { values: v } = parseArgs({
  options: {
    joins: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    profiles: { type: 'string', default: 'clean,3g,join' },
    /** Transport-wide congestion control offered by mediasoup (on, the default) or REMB only (off): docs/sfu.md. */
    'transport-cc': { type: 'string', default: 'on' },
  },
});
const joins = Math.floor(positive(v.joins, 'joins', 10));
const windowMs = positive(v.window, 'window', 30) * 1000;
const profiles = (v.profiles as string).split(',').map((p) => {
  const profile = PROFILES[p.trim()];
  if (!profile) throw new Error(`unknown profile ${p}: one of ${Object.keys(PROFILES).join(', ')}`);
  return profile;
});
const transportWideCc = v['transport-cc'] !== 'off';
const log = (msg: string) => process.stderr.write(`[netem] ${msg}\n`);

type Stats = Array<{ participantId: string; kind: string; packetsReceived: number; totalSamplesReceived?: number }>;

/** Opens the join link in a fresh context, joins, and resolves with ms until the teacher's audio plays. */
async function timedJoin(lesson: WeakLesson, url: string, teacherId: string): Promise<{ ms: number; page: Page; waterfall: Waterfall }> {
  const { page } = await lesson.remote.newUser({ phone: true });
  const started = Date.now();
  await page.goto(url);
  await page.getByTestId('join-button').click({ timeout: 60_000 });
  // Polled from here: page.waitForFunction does not await an async predicate (its Promise is
  // truthy), which made the first runs stop right after the click instead of at the first sound.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const heard = await page.evaluate(async (id) => {
      const hook = (globalThis as unknown as { __classroom?: { mediaStats(): Promise<Stats> } }).__classroom;
      const rows = hook ? await hook.mediaStats() : [];
      return rows.some((r) => r.participantId === id && r.kind === 'audio' && (r.totalSamplesReceived ?? r.packetsReceived) > 0);
    }, teacherId);
    if (heard) break;
    if (Date.now() > deadline) throw new Error('the teacher was not heard within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const heard = Date.now();
  return { ms: heard - started, page, waterfall: await readWaterfall(page, started, heard) };
}

async function leave(page: Page): Promise<void> {
  await page
    .getByTestId('leave-button')
    .click({ timeout: 10_000 })
    .catch((err: unknown) => log(`could not press "Rời lớp" (${String(err)}): closing the page`));
  await page.getByTestId('final-screen').waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.context().close();
}

function layerOf(width: number): string {
  if (width === 0) return 'none';
  return width <= 240 ? 'low' : width <= 480 ? 'medium' : 'high';
}

async function main(): Promise<void> {
  log(commandLine('bench/netem/main.ts'));
  const lesson = await startWeakLesson({ fakeAudioFile: loudToneWav(), server: () => ({ media: { engine: 'mediasoup', mediasoup: { transportWideCc } } }) });
  try {
    const demo = lesson.server.demo;
    if (!demo || demo.students.length === 0) throw new Error('the bench server has no demo lesson');
    const teacher = (await lesson.local.newUser()).page;
    await teacher.goto(demo.teacher);
    await teacher.getByTestId('join-button').click({ timeout: 30_000 });
    const teacherId = await teacher.waitForFunction(() => (globalThis as unknown as { __classroom?: { state(): { selfId: string } } }).__classroom?.state().selfId || null, undefined, { timeout: 30_000 }).then((h) => h.jsonValue() as Promise<string>);
    for (const profile of profiles) {
      lesson.ns.shape({ down: profile.down, up: profile.up });
      const times: number[] = [];
      let last: Page | undefined;
      for (let i = 0; i < joins; i++) {
        const url = lesson.viaLink(demo.students[i % demo.students.length] ?? '');
        // The previous student leaves first (the demo links are per student, one page each), by
        // "Rời lớp": a page only closed stays a participant for the reconnection grace period,
        // and the server's media to it would fill the link under the next join.
        if (last) await leave(last);
        const joined = await timedJoin(lesson, url, teacherId);
        times.push(joined.ms);
        last = joined.page;
        log(`${profile.name}: join ${i + 1}/${joins} heard the teacher after ${joined.ms} ms; waterfall:\n${formatWaterfall(joined.waterfall)}`);
      }
      const w = last ? await measureWindow(last, teacherId, windowMs) : undefined;
      if (last) await leave(last);
      log(`${profile.name}: window ${JSON.stringify(w)}`);
      const sorted = [...times].sort((a, b) => a - b);
      const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
      process.stdout.write(
        JSON.stringify({ profile: transportWideCc ? profile.name : `${profile.name}-remb`, layer: layerOf(w?.frameWidth ?? 0), freezes: w?.freezes ?? 0, concealedAudioPct: w?.concealedAudioPct ?? 100, joinP50Ms: p50 }) + '\n',
      );
    }
  } finally {
    await lesson.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);

/**
 * Weak-network bench (issue 10, T2): a teacher's Chromium on this machine, students' Chromium in
 * a network namespace behind an emulated link (bench/lib/netns.ts).
 *
 * Join profiles (`clean`, `3g`, `join`), one after another on one lesson: `--joins` fresh students
 * (cold cache: the page is downloaded through the link), each timed from opening the link to
 * hearing the teacher (first teacher audio played) and then again as a returning student (the
 * same browser context after "Rời lớp": the app's scripts cached), then `--window` seconds on the
 * last one.
 * Scenario profiles (`student`, `teacher`: bench/netem/weak.ts), a fresh lesson each: the weak
 * student (step down, window, step back up, 10 s outage) and the congested teacher uplink.
 * Prints one JSON line per profile and run: {"profile","layer","freezes","concealedAudioPct",
 * "joinP50Ms", "joinWarmP50Ms", "transportCc", "pageCache", "firstSound", ...}; details on stderr.
 *
 * `--transport-cc on,off --rounds 2` runs every profile with transport-cc offered and withheld
 * (REMB only), interleaved (on, off, on, off), so that the box's load falls on both alike.
 *
 *   npm run build:client && npm run bench:netem -- [--joins 10] [--window 30] [--profiles clean,3g,join,student,teacher] [--transport-cc on|off|on,off] [--rounds 1] [--page-cache on|off] [--first-sound on|off] [--first-video on|off] [--initial-bitrate 300000]
 *
 * Needs root (namespaces) and /dev/net/tun. The teacher, the SFU and every browser share this
 * machine's cores: say so with the figures.
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { LinkShape } from '../lib/netns.js';
import { commandLine, positive } from '../lib/cli.js';
import { loudToneWav } from '../../testkit/chromium.js';
import { measureWindow, startWeakLesson, WEAK_3G } from '../../testkit/weakLink.js';
import { joinAs, layerOf, leave, log, timedJoin, timedScreenAndVideo } from './pages.js';
import { formatWaterfall } from './waterfall.js';
import { weakStudent, weakTeacher, type ScenarioFigures } from './weak.js';

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
const SCENARIOS: Record<string, (transportWideCc: boolean, windowMs: number) => Promise<ScenarioFigures>> = {
  student: weakStudent,
  teacher: weakTeacher,
};

const { values: v } = parseArgs({
  options: {
    joins: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    profiles: { type: 'string', default: 'clean,3g,join' },
    /** Transport-wide congestion control offered by mediasoup (on), REMB only (off), or both interleaved (on,off): docs/sfu.md. */
    'transport-cc': { type: 'string', default: 'on' },
    rounds: { type: 'string', default: '1' },
    /** The page's service worker (config http.pageCache): off gives a returning student the HTML's round trips again, for comparison. */
    'page-cache': { type: 'string', default: 'on' },
    /** The first sound of a join (config media.firstSound, docs/weak-networks.md): off gives the first visit without it, for comparison. */
    'first-sound': { type: 'string', default: 'on' },
    /** After each first visit's first sound, also time the lesson's screen and the teacher's first video frame (adds "firstVideoP50Ms", "screenP50Ms"). */
    'first-video': { type: 'string', default: 'off' },
    /** The receive transports' starting estimate, bit/s (config media.mediasoup.initialOutgoingBitrateBps), for comparison; default the server's. */
    'initial-bitrate': { type: 'string' },
  },
});
if (v['page-cache'] !== 'on' && v['page-cache'] !== 'off') throw new Error(`--page-cache takes on or off (got ${String(v['page-cache'])})`);
const pageCache = v['page-cache'] === 'on';
if (v['first-sound'] !== 'on' && v['first-sound'] !== 'off') throw new Error(`--first-sound takes on or off (got ${String(v['first-sound'])})`);
const firstSound = v['first-sound'] === 'on';
if (v['first-video'] !== 'on' && v['first-video'] !== 'off') throw new Error(`--first-video takes on or off (got ${String(v['first-video'])})`);
const firstVideo = v['first-video'] === 'on';
const initialBitrate = v['initial-bitrate'] === undefined ? undefined : Math.floor(positive(v['initial-bitrate'], 'initial-bitrate', 300_000));
const joins = Math.floor(positive(v.joins, 'joins', 10));
const windowMs = positive(v.window, 'window', 30) * 1000;
const rounds = Math.floor(positive(v.rounds, 'rounds', 1));
const names = (v.profiles as string).split(',').map((p) => p.trim());
for (const p of names) if (!PROFILES[p] && !SCENARIOS[p]) throw new Error(`unknown profile ${p}: one of ${[...Object.keys(PROFILES), ...Object.keys(SCENARIOS)].join(', ')}`);
const modes = (v['transport-cc'] as string).split(',').map((m) => {
  if (m.trim() !== 'on' && m.trim() !== 'off') throw new Error(`--transport-cc takes on, off or on,off (got ${m})`);
  return m.trim() === 'on';
});

/** Longer than the server's idle keep-alive (uWebSockets.js closes an idle HTTP connection after 10 s, checked every 4 s). */
const KEEP_ALIVE_GONE_MS = 16_000;

/** The middle of the figures (the lower one of an even count), 0 for none. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** The median where a figure that never came (NaN: not within 30 s) counts as the slowest; null if the median is one. */
function medianOrNull(values: number[]): number | null {
  const m = median(values.map((ms) => (Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms)));
  return Number.isFinite(m) ? m : null;
}

/** The join profiles on one lesson: one JSON line each. */
async function joinProfiles(profiles: Profile[], transportWideCc: boolean): Promise<void> {
  const lesson = await startWeakLesson({ fakeAudioFile: loudToneWav(), server: () => ({ http: { pageCache }, media: { engine: 'mediasoup', firstSound, mediasoup: { transportWideCc, ...(initialBitrate ? { initialOutgoingBitrateBps: initialBitrate } : {}) } } }) });
  try {
    const demo = lesson.server.demo;
    if (!demo || demo.students.length === 0) throw new Error('the bench server has no demo lesson');
    const teacherId = await joinAs((await lesson.local.newUser()).page, demo.teacher);
    for (const profile of profiles) {
      lesson.ns.shape({ down: profile.down, up: profile.up });
      const times: number[] = [];
      const warmTimes: number[] = [];
      const screenTimes: number[] = [];
      const videoTimes: number[] = [];
      let last: Page | undefined;
      for (let i = 0; i < joins; i++) {
        const url = lesson.viaLink(demo.students[i % demo.students.length] ?? '');
        // The previous student leaves first (the demo links are per student, one page each), by
        // "Rời lớp": a page only closed stays a participant for the reconnection grace period,
        // and the server's media to it would fill the link under the next join.
        if (last) await leave(last);
        const joined = await timedJoin(lesson.remote, url, teacherId);
        times.push(joined.ms);
        log(`${profile.name}: join ${i + 1}/${joins} heard the teacher after ${joined.ms} ms; waterfall:\n${formatWaterfall(joined.waterfall)}`);
        if (firstVideo) {
          const { screenMs, videoMs, steps } = await timedScreenAndVideo(joined.page, joined.startedAt, teacherId);
          screenTimes.push(screenMs);
          videoTimes.push(videoMs);
          log(`${profile.name}: join ${i + 1}/${joins} showed the lesson's screen after ${screenMs} ms, the teacher's video after ${videoMs} ms; the page's steps (ms): ${steps}`);
        }
        // The same student comes back (the next lesson, on the same phone): the app is cached,
        // but the connection is not kept from the day before: wait until the server has closed
        // the idle keep-alive one (uWebSockets.js after 10-14 s), so the HTML costs its 2 round trips.
        const context = joined.page.context();
        await leave(joined.page, true);
        await new Promise((r) => setTimeout(r, KEEP_ALIVE_GONE_MS));
        const again = await timedJoin(lesson.remote, url, teacherId, true, context);
        warmTimes.push(again.ms);
        last = again.page;
        log(`${profile.name}: returning join ${i + 1}/${joins} heard the teacher after ${again.ms} ms; waterfall:\n${formatWaterfall(again.waterfall)}`);
      }
      const w = last ? await measureWindow(last, teacherId, windowMs) : undefined;
      if (last) await leave(last);
      log(`${profile.name}: window ${JSON.stringify(w)}`);
      const p50 = median(times);
      const warmP50 = median(warmTimes);
      const name = transportWideCc ? profile.name : `${profile.name}-remb`;
      process.stdout.write(
        JSON.stringify({
          profile: name,
          layer: layerOf(w?.frameWidth ?? 0),
          freezes: w?.freezes ?? 0,
          concealedAudioPct: w?.concealedAudioPct ?? 100,
          joinP50Ms: p50,
          joinWarmP50Ms: warmP50,
          transportCc: transportWideCc ? 'on' : 'off',
          pageCache: pageCache ? 'on' : 'off',
          firstSound: firstSound ? 'on' : 'off',
          ...(firstVideo ? { screenP50Ms: medianOrNull(screenTimes), firstVideoP50Ms: medianOrNull(videoTimes) } : {}),
          ...(initialBitrate ? { initialBitrateBps: initialBitrate } : {}),
        }) + '\n',
      );
    }
  } finally {
    await lesson.close();
  }
}

async function main(): Promise<void> {
  log(commandLine('bench/netem/main.ts'));
  const joinList = names.flatMap((n) => (PROFILES[n] ? [PROFILES[n]] : []));
  const scenarioList = names.filter((n) => SCENARIOS[n]);
  for (let round = 1; round <= rounds; round++) {
    for (const transportWideCc of modes) {
      if (joinList.length > 0) await joinProfiles(joinList, transportWideCc);
      for (const name of scenarioList) {
        const run = SCENARIOS[name];
        if (!run) continue;
        process.stdout.write(JSON.stringify({ ...(await run(transportWideCc, windowMs)), round }) + '\n');
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);

/**
 * Recording bench (issue 9): `--lessons` lessons recorded at once, each one teacher publishing a
 * 1280x720 camera and Opus through the real mediasoup engine into the real recorder (one ffmpeg
 * per stream, copying). Prints one JSON line:
 *   {"lessons","streams","recorderCpuPctPerStream","mbPerLessonHour","postprocessSpeedX","postprocessCpuX",
 *    "mp4MbPerLessonHour","testCard":{"postprocessSpeedX","postprocessCpuX","mp4MbPerLessonHour"},"avSyncMs"}
 * - recorderCpuPctPerStream: CPU % of one core of all recorder processes over the window / streams
 *   (the idle spare writers included);
 * - mbPerLessonHour: bytes written over the window, per lesson, scaled to an hour;
 * - postprocessSpeedX: lesson 0's composition as MediaJobs runs it (niced, one thread) pinned to
 *   one core, after every publisher and media worker stopped, as a multiple of real time (wall
 *   clock); postprocessCpuX: the same over ffmpeg's CPU time (what the core would do unshared);
 *   mp4MbPerLessonHour: the MP4's size scaled to an hour;
 * - testCard: the same for a lesson of test cards (testkit/recordingBench.ts testCardLesson: a
 *   noisy 960x540 camera, a 1280x720 screen share over its middle third): the recorded lesson's
 *   picture is a flat field with a bar, much cheaper to encode than a real camera;
 * - avSyncMs: |flash - beep| in a composed file made from a flash in a camera segment and a beep
 *   in a microphone segment at the same wall-clock moment (recorder/compose.int.test.ts's check).
 *
 *   npm run bench:record -- --lessons 20 [--seconds 60]
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avSyncMs, composeOnOneCore, startRecordingRig, testCardLesson, type Composed } from '../../testkit/recordingBench.js';
import { commandLine, log as makeLog, positive, sleep } from '../lib/cli.js';
import { cpuSnapshot, groupCpuPct, round1 } from '../lib/cpuWindow.js';

const log = makeLog('record');
const { values: v } = parseArgs({ options: { lessons: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' }, fps: { type: 'string', default: '25' } } });
const lessons = Math.floor(positive(v.lessons, 'lessons', 20));
const seconds = positive(v.seconds, 'seconds', 60);

async function main(): Promise<void> {
  log(commandLine('bench/record/main.ts'));
  const rig = await startRecordingRig({ lessons, width: 1280, height: 720, fps: Math.floor(positive(v.fps, 'fps', 25)) });
  try {
    await sleep(3000); // past the recorders' start (probing, first key frame)
    const pids = rig.recorderPids();
    const bytes0 = rig.bytes();
    const a = cpuSnapshot();
    log(`${lessons} lessons, ${pids.length} recorder processes; measuring ${seconds} s`);
    await sleep(seconds * 1000);
    const b = cpuSnapshot();
    const bytes = rig.bytes() - bytes0;
    const windowSec = (b.atMs - a.atMs) / 1000;
    const cpu = groupCpuPct(a, b, pids);
    const segments = await rig.stop();
    log('composing lesson 0 on one core');
    const c = await rig.composeLesson(0, segments[0] ?? []);
    log(`composed ${c.durationSec.toFixed(1)} s in ${c.wallSec.toFixed(1)} s (${c.cpuSec.toFixed(1)} CPU s); making a ${seconds} s test-card lesson`);
    const cardDir = mkdtempSync(join(tmpdir(), 'bench-card-'));
    let card: Composed;
    try {
      card = await composeOnOneCore(testCardLesson(cardDir, seconds), join(cardDir, 'card.mp4'));
    } finally {
      rmSync(cardDir, { recursive: true, force: true });
    }
    const figures = (x: Composed) => ({
      postprocessSpeedX: round1(x.durationSec / x.wallSec),
      postprocessCpuX: round1(x.durationSec / Math.max(0.01, x.cpuSec)),
      mp4MbPerLessonHour: round1((x.bytes / 1e6) * (3600 / x.durationSec)),
    });
    const streams = segments.reduce((n, s) => n + s.length, 0);
    const result = {
      lessons,
      streams,
      recorderCpuPctPerStream: Math.round((cpu / Math.max(1, streams)) * 100) / 100,
      mbPerLessonHour: round1((bytes / 1e6 / lessons) * (3600 / windowSec)),
      ...figures(c),
      testCard: figures(card),
      avSyncMs: await avSyncMs(),
    };
    console.log(JSON.stringify(result));
  } finally {
    await rig.close();
  }
  process.exit(0); // libwebrtc keeps native threads alive
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

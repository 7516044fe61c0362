/**
 * Recording bench (issue 9): `--lessons` lessons recorded at once, each one teacher publishing a
 * 1280x720 camera and Opus through the real mediasoup engine into the real recorder (one ffmpeg
 * per stream, copying). Prints one JSON line:
 *   {"lessons","streams","recorderCpuPctPerStream","mbPerLessonHour","postprocessSpeedX","avSyncMs"}
 * - recorderCpuPctPerStream: CPU % of one core of all recorder processes over the window / streams;
 * - mbPerLessonHour: bytes written over the window, per lesson, scaled to an hour;
 * - postprocessSpeedX: one lesson's composition (one thread, niced) as a multiple of real time;
 * - avSyncMs: |flash - beep| in a composed file made from a flash in a camera segment and a beep
 *   in a microphone segment at the same wall-clock moment (recorder/compose.int.test.ts's check).
 *
 *   npm run bench:record -- --lessons 20 [--seconds 60]
 */
import { parseArgs } from 'node:util';
import { avSyncMs, startRecordingRig } from '../../testkit/recordingBench.js';
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
    log('composing lesson 0');
    const c = await rig.composeLesson(0, segments[0] ?? []);
    const result = {
      lessons,
      streams: pids.length,
      recorderCpuPctPerStream: Math.round((cpu / Math.max(1, pids.length)) * 100) / 100,
      mbPerLessonHour: round1((bytes / 1e6 / lessons) * (3600 / windowSec)),
      postprocessSpeedX: round1(c.durationSec / c.wallSec),
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

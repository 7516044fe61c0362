/**
 * The recording bench's rig (bench/record): N media rooms on a real mediasoup engine, each with a
 * teacher publishing a camera and a microphone (mediasoup-client on wrtc), each recorded by the
 * real recorder (one ffmpeg per stream). In testkit because it drives the sfu and the recorder
 * directly (a bench may reach them only through testkit).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../platform/index.js';
import { compose, LessonRecording, probeSegment, type ComposeSegment, type RecordedSegment } from '../recorder/index.js';
import { recordableRoom } from '../signaling/features/recording/recordableRoom.js';
import { waitFor } from './mediaSources.js';
import { startTestMediasoupEngine, type TestMediasoupEngine } from './mediasoupEngine.js';
import { TransportPeer } from './transportPeer.js';

export interface RecordingRig {
  dir: string;
  lessons: number;
  /** Pids of the recorder processes running now (ffmpeg writing under `dir`). */
  recorderPids(): number[];
  /** Stops every recording, then every publisher and the media engine; the segments of each lesson. */
  stop(): Promise<RecordedSegment[][]>;
  /** Composes lesson `i`'s segments into one MP4 as the job queue does, on one core (composeOnOneCore). */
  composeLesson(i: number, segments: RecordedSegment[]): Promise<Composed>;
  /** Bytes written by the recorders. */
  bytes(): number;
  close(): Promise<void>;
}

function pidsWriting(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.startsWith('ffmpeg\0') && cmd.includes(`${dir}/`)) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? du(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

export interface Composed {
  durationSec: number;
  wallSec: number;
  /** CPU seconds of the composition's processes (ffmpeg), from the kernel's count of waited-for children. */
  cpuSec: number;
  /** The MP4's size, bytes. */
  bytes: number;
}

/** utime + stime of this process's waited-for children (/proc/self/stat fields 16 and 17), seconds. */
function childrenCpuSec(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
}

/**
 * compose() pinned to one core, niced as MediaJobs runs it: this process's main thread is pinned
 * to `cpu` for the call (ffprobe and ffmpeg, spawned from it, inherit the affinity), so the figure
 * is one lesson on one core even when ffmpeg would spread over more.
 */
export async function composeOnOneCore(segments: ComposeSegment[], out: string, cpu = 0): Promise<Composed> {
  const before = execFileSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).trim().split(' ').pop()!;
  execFileSync('taskset', ['-p', '-c', String(cpu), String(process.pid)]);
  try {
    const cpu0 = childrenCpuSec();
    const started = performance.now();
    const plan = await compose(segments, out);
    return { durationSec: plan.durationSec, wallSec: (performance.now() - started) / 1000, cpuSec: childrenCpuSec() - cpu0, bytes: statSync(out).size };
  } finally {
    execFileSync('taskset', ['-p', before, String(process.pid)]);
  }
}

/**
 * A lesson of test cards, recorder-shaped (Matroska, wall-clock timestamps): `seconds` of a
 * 960x540 24 fps camera (a moving test card with sensor noise, VP8 ~800 kbit/s as the client's
 * top layer sends), a 1280x720 screen share over its middle third, and a microphone. The
 * recorded bench lesson's picture is a flat field with a bar, far cheaper to encode than a
 * camera: this one gives the composition's speed on a picture that is hard to encode.
 */
export function testCardLesson(dir: string, seconds: number): ComposeSegment[] {
  const T0 = 1_700_000_000;
  const ff = (args: string[]) => execFileSync('nice', ['-n', '10', 'ffmpeg', '-hide_banner', '-loglevel', 'error', '-y', ...args]);
  const vp8 = ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8'];
  const share = Math.max(1, Math.round(seconds / 3));
  ff(['-f', 'lavfi', '-i', `testsrc2=s=960x540:r=24:d=${seconds},noise=alls=6:allf=t`, ...vp8, '-b:v', '800k', '-output_ts_offset', String(T0), '-f', 'matroska', join(dir, 'card-camera.mkv')]);
  ff(['-f', 'lavfi', '-i', `smptehdbars=s=1280x720:r=15:d=${share},drawtext=text='%{pts}':fontsize=48:x=100+10*t:y=300:fontcolor=white`, ...vp8, '-b:v', '1200k', '-output_ts_offset', String(T0 + share), '-f', 'matroska', join(dir, 'card-screen.mkv')]);
  ff(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, '-c:a', 'libopus', '-b:a', '32k', '-output_ts_offset', String(T0), '-f', 'matroska', join(dir, 'card-mic.mkv')]);
  return [
    { file: join(dir, 'card-camera.mkv'), kind: 'video', label: 'camera', startSec: T0, durationSec: seconds },
    { file: join(dir, 'card-screen.mkv'), kind: 'video', label: 'screen', startSec: T0 + share, durationSec: share },
    { file: join(dir, 'card-mic.mkv'), kind: 'audio', label: 'microphone', startSec: T0, durationSec: seconds },
  ];
}

export async function startRecordingRig(options: { lessons: number; width: number; height: number; fps: number }): Promise<RecordingRig> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-record-'));
  const t: TestMediasoupEngine = await startTestMediasoupEngine();
  const peers: TransportPeer[] = [];
  const recordings: LessonRecording[] = [];
  for (let i = 0; i < options.lessons; i++) {
    const room = await t.engine.createRoom(`bench-record-${i}`);
    const peer = new TransportPeer(room, 'teacher');
    peers.push(peer);
    await peer.publish({ width: options.width, height: options.height, fps: options.fps });
    const rec = await LessonRecording.start({ id: `lesson-${i}`, directory: join(dir, `lesson-${i}`), room: recordableRoom(t.engine, room.id, 500), select: () => true }, silentLogger());
    recordings.push(rec);
  }
  await waitFor('every stream recorded', () => recordings.every((r) => r.segments().length === 2) || undefined, 60_000);
  return {
    dir,
    lessons: options.lessons,
    recorderPids: () => pidsWriting(dir),
    async stop() {
      const segments = await Promise.all(recordings.map((r) => r.stop()));
      // The publishers (libwebrtc encoding N cameras) and the media workers would otherwise
      // share the cores with the composition measured next: the queue runs after the lesson.
      for (const p of peers.splice(0)) p.close();
      await t.dispose();
      return segments;
    },
    async composeLesson(i, segments) {
      const parts: ComposeSegment[] = [];
      for (const s of segments) {
        const file = join(dir, `lesson-${i}`, s.file);
        const p = await probeSegment(file);
        if (p) parts.push({ file, kind: s.kind, label: s.label, startSec: p.startSec, durationSec: p.durationSec });
      }
      return composeOnOneCore(parts, join(dir, `lesson-${i}.mp4`));
    },
    bytes: () => du(dir),
    async close() {
      for (const p of peers) p.close();
      await t.dispose(); // safe twice
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The composition's A/V offset on a known pattern (flash and beep at the same wall-clock time). */
export async function avSyncMs(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-avsync-'));
  try {
    const T0 = 1_700_000_000;
    const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
    ff(['-f', 'lavfi', '-i', "color=c=black:s=640x360:r=25:d=6,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(t,2,2.12)'", '-c:v', 'libvpx', '-deadline', 'realtime', '-output_ts_offset', String(T0 + 0.37), '-f', 'matroska', join(dir, 'v.mkv')]);
    ff(['-f', 'lavfi', '-i', "aevalsrc='if(between(t,2.37,2.47),0.8*sin(2*PI*1000*t),0)':s=48000:d=6.5", '-ac', '2', '-c:a', 'libopus', '-output_ts_offset', String(T0), '-f', 'matroska', join(dir, 'a.mkv')]);
    const seg = async (file: string, kind: 'audio' | 'video', label: string) => {
      const p = await probeSegment(join(dir, file));
      if (!p) throw new Error(`unreadable ${file}`);
      return { file: join(dir, file), kind, label, startSec: p.startSec, durationSec: p.durationSec };
    };
    const out = join(dir, 'out.mp4');
    await compose([await seg('v.mkv', 'video', 'camera'), await seg('a.mkv', 'audio', 'microphone')], out);
    const stats = spawnSync('ffmpeg', ['-hide_banner', '-i', out, '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-an', '-f', 'null', '-'], { encoding: 'utf8' }).stdout;
    let t = NaN;
    let flash = NaN;
    for (const line of stats.split('\n')) {
      const time = /pts_time:([\d.]+)/.exec(line);
      if (time) t = Number(time[1]);
      const y = /YAVG=([\d.]+)/.exec(line);
      if (y && Number(y[1]) > 150) {
        flash = t;
        break;
      }
    }
    const beep = Number(/silence_end: ([\d.]+)/.exec(spawnSync('ffmpeg', ['-hide_banner', '-i', out, '-af', 'silencedetect=n=-30dB:d=0.05', '-vn', '-f', 'null', '-'], { encoding: 'utf8' }).stderr)?.[1]);
    return Math.round(Math.abs(flash - beep) * 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


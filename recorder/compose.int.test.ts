/**
 * The post-processing with real ffmpeg on segments shaped like the recorder's (Matroska, VP8 or
 * Opus, wall-clock timestamps): the layout timeline, chapters, one video and one audio stream,
 * gaps, and audio/video kept in sync (a flash in the camera and a beep in the microphone at the
 * same wall-clock moment, in separate files that start at different times, come out together).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compose, planComposition, type ComposeSegment } from './compose.js';
import { probeFile, probeSegment } from './probe.js';

const dir = mkdtempSync(join(tmpdir(), 'compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_700_000_000;
const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** A VP8 segment whose first frame is at wall clock `start` (s), with a white flash at `flashAt` (relative). */
function videoSegment(name: string, start: number, seconds: number, size: string, flashAt?: number): string {
  const file = join(dir, name);
  const flash = flashAt === undefined ? '' : `,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(t,${flashAt},${flashAt + 0.12})'`;
  ff(['-f', 'lavfi', '-i', `color=c=black:s=${size}:r=25:d=${seconds}${flash}`, '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '200k', '-output_ts_offset', String(start), '-f', 'matroska', file]);
  return file;
}

/** An Opus segment from wall clock `start`, silent but for a 1 kHz beep at `beepAt` (relative). */
function audioSegment(name: string, start: number, seconds: number, beepAt: number): string {
  const file = join(dir, name);
  ff(['-f', 'lavfi', '-i', `aevalsrc='if(between(t,${beepAt},${beepAt + 0.1}),0.8*sin(2*PI*1000*t),0)':s=48000:d=${seconds}`, '-ac', '2', '-c:a', 'libopus', '-output_ts_offset', String(start), '-f', 'matroska', file]);
  return file;
}

async function segment(file: string, kind: 'audio' | 'video', label: string): Promise<ComposeSegment> {
  const p = await probeSegment(file);
  if (!p) throw new Error(`unreadable ${file}`);
  return { file, kind, label, startSec: p.startSec, durationSec: p.durationSec };
}

function firstFlashSec(file: string): number {
  const out = execFileSync('ffmpeg', ['-hide_banner', '-i', file, '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-an', '-f', 'null', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let t = NaN;
  for (const line of out.split('\n')) {
    const time = /pts_time:([\d.]+)/.exec(line);
    if (time) t = Number(time[1]);
    const y = /YAVG=([\d.]+)/.exec(line);
    if (y && Number(y[1]) > 150) return t;
  }
  throw new Error('no flash found');
}

function firstBeepSec(file: string): number {
  const err = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-af', 'silencedetect=n=-30dB:d=0.05', '-vn', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
  const m = /silence_end: ([\d.]+)/.exec(err);
  if (!m) throw new Error('no beep found');
  return Number(m[1]);
}

describe('compose (segments → one MP4)', () => {
  it('plans chapters at share start and stop, and the duration from the first to the last segment', () => {
    const seg = (label: string, startSec: number, durationSec: number): ComposeSegment => ({ file: label, kind: 'video', label, startSec, durationSec });
    const plan = planComposition([seg('camera', 100, 60), seg('screen', 110, 20), seg('screen', 125, 10), seg('screen', 150, 5)]);
    expect(plan.originSec).toBe(100);
    expect(plan.durationSec).toBe(60);
    expect(plan.chapters.map((c) => [c.startSec, c.endSec, c.title])).toEqual([
      [0, 10, 'Giảng bài'],
      [10, 35, 'Chia sẻ màn hình'],
      [35, 50, 'Giảng bài'],
      [50, 55, 'Chia sẻ màn hình'],
      [55, 60, 'Giảng bài'],
    ]);
    expect(() => planComposition([])).toThrow(/nothing was recorded/);
  });

  it('makes one H.264 + AAC file of the whole timeline, chapters included, with audio and video in sync', async () => {
    // The camera starts 0.5 s after the microphone; the flash (camera t=1.0) and the beep
    // (microphone t=1.5) happen at the same wall-clock moment, T0 + 1.5.
    const segments = [
      await segment(videoSegment('cam.mkv', T0 + 0.5, 6, '320x240', 1.0), 'video', 'camera'),
      await segment(videoSegment('screen.mkv', T0 + 3, 2, '640x360'), 'video', 'screen'),
      await segment(audioSegment('mic.mkv', T0, 6.5, 1.5), 'audio', 'microphone'),
    ];
    const progress: number[] = [];
    const out = join(dir, 'lesson.mp4');
    const plan = await compose(segments, out, { onProgress: (f) => progress.push(f) });
    expect(plan.durationSec).toBeCloseTo(6.5, 1);
    const file = await probeFile(out);
    expect(Math.abs(file.durationSec - 6.5)).toBeLessThan(0.3);
    expect(file.streams.filter((s) => s.type === 'video').map((s) => s.codec)).toEqual(['h264']);
    expect(file.streams.filter((s) => s.type === 'audio').map((s) => s.codec)).toEqual(['aac']);
    expect(file.chapters.map((c) => [Math.round(c.start), c.title])).toEqual([
      [0, 'Giảng bài'],
      [3, 'Chia sẻ màn hình'],
      [5, 'Giảng bài'],
    ]);
    expect(progress.at(-1)).toBe(1);
    // A screen was shared: 1280x720 (text stays readable); mono AAC.
    expect(streamInfo(out)).toEqual(['1280,720', '1']);
    const flash = firstFlashSec(out);
    const beep = firstBeepSec(out);
    expect(flash).toBeCloseTo(1.5, 0);
    expect(Math.abs(flash - beep)).toBeLessThan(0.1);
  });

  it('keeps camera and audio in place through simulcast layer switches and a stall of the box', async () => {
    // Camera from T0 + 0.5: 3 s at 320x180, 3 s at 160x90, 3 s at 320x180 (the SFU switching
    // layers), a flash at each part's second 1 → wall clock T0 + 1.5, 4.5, 7.5. Microphone from
    // T0: a beep at 1.5, 4.5 and 7.5 s, and packets 70–84 (1.4–1.68 s, the first beep among them)
    // received 285 ms late in one burst, as a busy box delivers them.
    // Before: each layer switch rebuilt ffmpeg's filter graph (STARTPTS and sample counts from
    // zero again): the camera showed only the first flash and the beeps moved; and the audio,
    // following receive times, put the first beep 285 ms late and every later one 57 ms late.
    const parts = ['320x180', '160x90', '320x180'].map((size, k) => {
      const part = join(dir, `layer${k}.mkv`);
      ff(['-f', 'lavfi', '-i', `color=c=0x181818:s=${size}:r=25:d=3,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(t,1,1.2)'`, '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '200k', '-f', 'matroska', part]);
      return `file '${part}'`;
    });
    writeFileSync(join(dir, 'layers.txt'), `${parts.join('\n')}\n`);
    const camera = join(dir, 'layers.mkv');
    ff(['-f', 'concat', '-safe', '0', '-i', join(dir, 'layers.txt'), '-c', 'copy', '-output_ts_offset', String(T0 + 0.5), '-f', 'matroska', camera]);
    const beeps = join(dir, 'beeps.mkv');
    ff(['-f', 'lavfi', '-i', `aevalsrc='if(gte(t,1.5)*lt(mod(t-1.5,3),0.1),0.8*sin(2*PI*1000*t),0)':s=48000:d=9.5`, '-ac', '2', '-c:a', 'libopus', '-f', 'matroska', beeps]);
    const mic = join(dir, 'stalled.mkv');
    ff(['-i', beeps, '-c', 'copy', '-bsf:a', 'setts=ts=if(between(N\\,70\\,84)\\,TS+(85-N)*19\\,TS)', '-output_ts_offset', String(T0), '-f', 'matroska', mic]);
    const out = join(dir, 'layers.mp4');
    await compose([await segment(camera, 'video', 'camera'), await segment(mic, 'audio', 'microphone')], out);
    // The camera alone: at its capture size, not upscaled (compose.ts).
    expect(streamInfo(out)).toEqual(['960,540', '1']);
    const flashes = onsets(out, 'video');
    const beepsOut = onsets(out, 'audio');
    expect(flashes.map((t) => Math.round(t * 10) / 10)).toEqual([1.5, 4.5, 7.5]);
    for (const t of flashes) expect(Math.abs(t - Math.round(t - 0.5) - 0.5)).toBeLessThan(0.05);
    expect(beepsOut.map((t) => Math.round(t * 10) / 10)).toEqual([1.5, 4.5, 7.5]);
    for (const t of beepsOut) expect(Math.abs(t - Math.round(t - 0.5) - 0.5)).toBeLessThan(0.03);
  });
});

/** The video's "width,height" and the audio's channel count. */
function streamInfo(file: string): string[] {
  const probe = (sel: string, entries: string) => execFileSync('ffprobe', ['-v', 'error', '-select_streams', sel, '-show_entries', entries, '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();
  return [probe('v:0', 'stream=width,height'), probe('a:0', 'stream=channels')];
}

/** Times (s) in the MP4 where the picture turns white / a beep starts (after darkness / silence). */
function onsets(file: string, kind: 'audio' | 'video'): number[] {
  if (kind === 'audio') {
    const err = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-vn', '-af', 'silencedetect=n=-30dB:d=0.5', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    return [...err.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1])).filter((t) => t < 9);
  }
  const out = execFileSync('ffmpeg', ['-hide_banner', '-i', file, '-an', '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const found: number[] = [];
  let t = NaN;
  let bright = true;
  for (const line of out.split('\n')) {
    const time = /pts_time:([\d.]+)/.exec(line);
    if (time) t = Number(time[1]);
    const y = /YAVG=([\d.]+)/.exec(line);
    if (!y) continue;
    if (!bright && Number(y[1]) > 128) found.push(t);
    bright = Number(y[1]) > (bright ? 80 : 128);
  }
  return found;
}

/**
 * Post-processing: the segments of one recording → one MP4 (H.264 + AAC, faststart) that plays
 * on any phone. One ffmpeg run with one filter graph, on one core (every decoder, the filter
 * graph and x264 on one thread: the queue runs one job per core):
 * - video: a black canvas for the whole recording, 1280x720 when a screen was shared (text must
 *   stay readable), else 960x540 (the camera's capture size, client/media/encodings.ts: a larger
 *   canvas only upscales it and costs 1.8x the encoding); each screen segment is fitted onto it
 *   while it lasts; a teacher camera is fitted full size while no screen is shared and goes to
 *   the bottom-right corner while one is. Segments are placed by their wall-clock start.
 * - audio: every audio segment's samples laid in runs that start where the floor of their receive
 *   times says (audioTimeline.ts: continuous through a stall of the box, a new run after a pause,
 *   which stays a silence, not a jump), and all of them mixed; silence when nothing was recorded,
 *   so the file has one audio stream.
 * - chapters at every screen share start and stop.
 * - encoding (measured, docs/recording.md "Post-processing speed"): x264 superfast with veryfast's
 *   macroblock tree kept (rc-lookahead 10: at the same CRF it saves a third of the bytes for
 *   little time), CRF 27 capped by a maxrate so a busy picture cannot blow up the file for a
 *   phone; mono AAC (the voices are mono microphones).
 * Gaps (nothing recorded for a while: a restart between segments) are black and silent.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { diesWithParent } from './diesWithParent.js';
import type { RecordedKind } from './RecorderTypes.js';
import { audioRuns, runsPtsExpression, type AudioRun } from './audioTimeline.js';
import { segmentPackets } from './probe.js';

export interface ComposeSegment {
  file: string;
  kind: RecordedKind;
  /** "camera", "screen", "microphone". */
  label: string;
  startSec: number;
  durationSec: number;
  /** Audio: where its samples go (audioTimeline.ts); compose() reads them from the file when absent. */
  audioRuns?: AudioRun[];
}

export interface Chapter {
  startSec: number;
  endSec: number;
  title: string;
}

export interface CompositionPlan {
  /** Wall-clock start of the recording, seconds since the epoch. */
  originSec: number;
  durationSec: number;
  chapters: Chapter[];
  /** The video's size: 1280x720 with a screen share, 960x540 without. */
  width: number;
  height: number;
}

const SHARE_SIZE = { width: 1280, height: 720 };
const CAMERA_SIZE = { width: 960, height: 540 };
const FPS = 25;
/** x264: superfast, plus veryfast's lookahead and macroblock tree (see the header). */
const X264 = ['-preset', 'superfast', '-x264-params', 'rc-lookahead=10:mbtree=1', '-crf', '27'];
/** The bitrate cap (kbit/s) by canvas height: ~450 MB per hour at 540p, ~680 at 720p at most. */
const MAXRATE_K: Record<number, number> = { 540: 1000, 720: 1500 };

type Interval = [number, number];

function screenIntervals(segments: ComposeSegment[], origin: number): Interval[] {
  const list = segments.filter((s) => s.kind === 'video' && s.label === 'screen').map((s): Interval => [s.startSec - origin, s.startSec - origin + s.durationSec]);
  list.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const iv of list) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([...iv]);
  }
  return merged;
}

export function planComposition(segments: ComposeSegment[], titles = { lecture: 'Giảng bài', screen: 'Chia sẻ màn hình' }): CompositionPlan {
  if (segments.length === 0) throw new Error('nothing was recorded');
  const originSec = Math.min(...segments.map((s) => s.startSec));
  const durationSec = Math.max(...segments.map((s) => s.startSec + s.durationSec)) - originSec;
  const chapters: Chapter[] = [];
  let t = 0;
  for (const [a, b] of screenIntervals(segments, originSec)) {
    if (a - t > 0.5) chapters.push({ startSec: t, endSec: a, title: titles.lecture });
    chapters.push({ startSec: Math.max(a, t), endSec: b, title: titles.screen });
    t = b;
  }
  if (durationSec - t > 0.5 || chapters.length === 0) chapters.push({ startSec: t, endSec: durationSec, title: titles.lecture });
  const size = segments.some((s) => s.kind === 'video' && s.label === 'screen') ? SHARE_SIZE : CAMERA_SIZE;
  return { originSec, durationSec, chapters, ...size };
}

const between = (ivs: Interval[]): string => (ivs.length === 0 ? '0' : ivs.map(([a, b]) => `between(t,${a.toFixed(3)},${b.toFixed(3)})`).join('+'));

/** Parts of [a, b] inside / outside the intervals. */
function split(a: number, b: number, ivs: Interval[]): { inside: Interval[]; outside: Interval[] } {
  const inside: Interval[] = [];
  const outside: Interval[] = [];
  let t = a;
  for (const [x, y] of ivs) {
    if (y <= t || x >= b) continue;
    if (x > t) outside.push([t, x]);
    inside.push([Math.max(x, t), Math.min(y, b)]);
    t = Math.min(y, b);
  }
  if (t < b) outside.push([t, b]);
  return { inside, outside };
}

/** The ffmpeg command being built: its inputs, and a filter graph whose video is laid over a base. */
class FilterGraph {
  readonly args: string[] = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  readonly filters: string[] = [];
  base = 'base0';
  #inputs = 0;

  /** Adds an input file; its index in the command. */
  input(file: string, reinit = true): number {
    // A camera's resolution changes whenever the SFU switches its simulcast layer. By default
    // ffmpeg then rebuilds the whole filter graph: every setpts STARTPTS and sample count starts
    // again from that frame and the sources restart at 0, so the camera fell back to the start
    // of the timeline and vanished, and the audio was misplaced from there on. Keep the graph;
    // scale takes each frame's own size.
    if (!reinit) this.args.push('-reinit_filter', '0', '-threads', '1');
    this.args.push('-i', file);
    return this.#inputs++;
  }

  /** Lays `src` over the current base while `enable` holds; the result is the new base. */
  overlay(src: string, x: string, y: string, enable: string): void {
    const next = `base${this.filters.length}`;
    this.filters.push(`[${this.base}][${src}]overlay=x=${x}:y=${y}:eof_action=pass:enable='${enable}'[${next}]`);
    this.base = next;
  }
}

/** Screens full size; cameras full size alone, in the corner while a screen is shown. */
function placeVideo(g: FilterGraph, videos: ComposeSegment[], plan: CompositionPlan, screens: Interval[]): void {
  const W = plan.width;
  const H = plan.height;
  const CORNER_W = W / 4;
  const CORNER_H = H / 4;
  // Bilinear: the camera is at most upscaled 4:3 and the screen mostly kept; a sharper kernel
  // costs time and bytes and shows nothing more.
  const fit = (w: number, h: number) => `scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bilinear,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1`;
  // Screens first, cameras on top (a camera in the corner must stay visible over the screen).
  const ordered = [...videos.filter((s) => s.label === 'screen'), ...videos.filter((s) => s.label !== 'screen')];
  for (const s of ordered) {
    const i = g.input(s.file, false);
    const a = s.startSec - plan.originSec;
    const b = a + s.durationSec;
    const placed = `[${i}:v]setpts=PTS-STARTPTS+${a.toFixed(3)}/TB`;
    if (s.label === 'screen') {
      g.filters.push(`${placed},${fit(W, H)}[v${i}]`);
      g.overlay(`v${i}`, '0', '0', between([[a, b]]));
      continue;
    }
    const { inside, outside } = split(a, b, screens);
    // Only the sizes this segment is shown at: every branch scales every frame, shown or not.
    if (inside.length === 0 || outside.length === 0) {
      const [w, h] = inside.length === 0 ? [W, H] : [CORNER_W, CORNER_H];
      g.filters.push(`${placed},${fit(w, h)}[v${i}]`);
      if (inside.length === 0) g.overlay(`v${i}`, '0', '0', between(outside));
      else g.overlay(`v${i}`, `${W - CORNER_W - 16}`, `${H - CORNER_H - 16}`, between(inside));
      continue;
    }
    g.filters.push(`${placed},split=2[vb${i}][vs${i}]`);
    g.filters.push(`[vb${i}]${fit(W, H)}[big${i}]`);
    g.filters.push(`[vs${i}]${fit(CORNER_W, CORNER_H)}[small${i}]`);
    g.overlay(`big${i}`, '0', '0', between(outside));
    g.overlay(`small${i}`, `${W - CORNER_W - 16}`, `${H - CORNER_H - 16}`, between(inside));
  }
}

/** Every audio segment placed on the timeline and mixed over silence, into [aout]. */
function mixAudio(g: FilterGraph, audios: ComposeSegment[], plan: CompositionPlan, d: string): void {
  const mixIn: string[] = [];
  for (const s of audios) {
    const i = g.input(s.file);
    const off = (s.startSec - plan.originSec).toFixed(3);
    // Samples laid one after the other from where their runs start (audioTimeline.ts: the
    // receive times' floor, not the receive times, which jump at every stall of the box);
    // aresample only fills the gaps between runs (and before the first) with silence.
    const place = s.audioRuns?.length ? `asetpts='${runsPtsExpression(s.audioRuns, plan.originSec)}'` : `asetpts=PTS-STARTPTS+${off}/TB`;
    g.filters.push(`[${i}:a]${place},aresample=48000:async=1:min_hard_comp=0.02:first_pts=0,aformat=channel_layouts=mono[a${i}]`);
    mixIn.push(`[a${i}]`);
  }
  g.filters.push(`anullsrc=r=48000:cl=mono,atrim=0:${d}[silence]`);
  mixIn.push('[silence]');
  g.filters.push(`${mixIn.join('')}amix=inputs=${mixIn.length}:duration=longest:normalize=0,atrim=0:${d}[aout]`);
}

/** The ffmpeg arguments: inputs, filter graph, encoders. `metadataFile` holds the chapters. */
export function composeArgs(segments: ComposeSegment[], plan: CompositionPlan, metadataFile: string, outFile: string): string[] {
  const g = new FilterGraph();
  const d = plan.durationSec.toFixed(3);
  g.filters.push(`color=c=black:s=${plan.width}x${plan.height}:r=${FPS}:d=${d}[base0]`);
  placeVideo(g, segments.filter((s) => s.kind === 'video'), plan, screenIntervals(segments, plan.originSec));
  mixAudio(g, segments.filter((s) => s.kind === 'audio'), plan, d);
  g.filters.push(`[${g.base}]format=yuv420p[vout]`);
  const meta = g.input(metadataFile);
  const args = g.args;
  args.push('-filter_complex', g.filters.join(';'), '-filter_complex_threads', '1');
  args.push('-map', '[vout]', '-map', '[aout]', '-map_metadata', String(meta), '-map_chapters', String(meta));
  const maxrate = MAXRATE_K[plan.height] ?? 1500;
  args.push('-c:v', 'libx264', ...X264, '-maxrate', `${maxrate}k`, '-bufsize', `${maxrate * 2}k`, '-threads', '1', '-r', String(FPS), '-g', String(FPS * 4));
  args.push('-c:a', 'aac', '-b:a', '64k', '-ac', '1', '-movflags', '+faststart', '-t', d, '-progress', 'pipe:1', '-nostats', outFile);
  return args;
}

function metadata(plan: CompositionPlan): string {
  const esc = (s: string) => s.replace(/([=;#\\\n])/g, '\\$1');
  const lines = [';FFMETADATA1'];
  for (const c of plan.chapters) {
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.startSec * 1000)}`, `END=${Math.round(c.endSec * 1000)}`, `title=${esc(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ComposeOptions {
  ffmpegPath?: string;
  /** Reads the audio segments' packet times. Default "ffprobe". */
  ffprobePath?: string;
  /** Niceness of the ffmpeg process (post-processing yields to live lessons). Default 10. */
  niceness?: number;
  /** Progress 0..1 and the estimated time left, a few times a second. */
  onProgress?(fraction: number, etaMs: number | null): void;
  signal?: AbortSignal;
}

/** Runs the composition; rejects with ffmpeg's last error lines when it fails. */
export async function compose(segments: ComposeSegment[], outFile: string, options: ComposeOptions = {}): Promise<CompositionPlan> {
  const plan = planComposition(segments);
  const placed: ComposeSegment[] = [];
  for (const s of segments) {
    if (s.kind !== 'audio' || s.audioRuns) placed.push(s);
    else placed.push({ ...s, audioRuns: audioRuns(await segmentPackets(s.file, options.ffprobePath)) });
  }
  segments = placed;
  const metaFile = `${outFile}.chapters.txt`;
  await writeFile(metaFile, metadata(plan));
  // Killed by the kernel if the server dies: after a restart the job runs again on the same output file.
  const [command, ...args] = diesWithParent([options.ffmpegPath ?? 'ffmpeg', ...composeArgs(segments, plan, metaFile, outFile)]);
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
  try {
    if (child.pid) setPriority(child.pid, options.niceness ?? 10);
  } catch {
    // exited already: its exit code says why
  }
  const started = Date.now();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-2000)));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const m = /out_time_us=(\d+)/.exec(chunk.split('\n').filter((l) => l.startsWith('out_time_us=')).pop() ?? '');
    if (!m) return;
    const fraction = Math.min(1, Number(m[1]) / 1e6 / plan.durationSec);
    const elapsed = Date.now() - started;
    options.onProgress?.(fraction, fraction > 0.01 ? Math.round((elapsed / fraction) * (1 - fraction)) : null);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  if (code !== 0) throw new Error(`ffmpeg could not make the video (exit ${code}): ${stderr.trim().slice(-500)}`);
  options.onProgress?.(1, 0);
  return plan;
}

/**
 * What a composed recording shows, frame by frame, for E2E checks of a screen share: whether the
 * picture is the teacher's camera alone or the share large with the camera in the corner
 * (recorder/compose.ts: 1280x720, the camera 320x180 at 16 px from the bottom-right corner).
 *
 * The teacher's camera is a plain magenta file (Chromium's file-fed fake camera); the share is
 * Chromium's own fake screen (getDisplayMedia with --use-fake-device-for-media-stream and
 * --use-fake-ui-for-media-stream), a green test card. Colours, not shapes: they survive VP8,
 * H.264 and scaling on a loaded box, and the two sources cannot be mistaken for each other.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export type Rgb = readonly [number, number, number];
export type Shown = 'camera' | 'share' | 'other';

/** Frames are scaled to this grid (40-px blocks of a 1280x720 frame, each block's mean colour). */
const GRID_W = 32;
const GRID_H = 18;
/** Blocks of the frame's middle: never under the corner camera. */
const CENTRE = { x0: 4, x1: 19, y0: 3, y1: 11 };
/** Blocks wholly inside the corner camera (x 944–1264, y 524–704 of 1280x720). */
const CORNER = { x0: 24, x1: 30, y0: 14, y1: 16 };

/** A plain magenta camera for Chromium's --use-file-for-fake-video-capture (1 s, looped). */
export function magentaCameraFile(dir: string): string {
  const file = join(dir, 'camera-magenta.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xc02060:s=320x180:r=30', '-t', '1', '-pix_fmt', 'yuv420p', file]);
  return file;
}

const isMagenta = ([r, g, b]: Rgb) => r > g + 60 && b > g + 20;
const isGreen = ([r, g, b]: Rgb) => g > r + 50 && g > b + 50;

export function classify(centre: Rgb, corner: Rgb): Shown {
  if (isMagenta(centre) && isMagenta(corner)) return 'camera';
  if (isGreen(centre) && isMagenta(corner)) return 'share';
  return 'other';
}

export interface Frame {
  /** Seconds from the start of the file. */
  t: number;
  shown: Shown;
  centre: Rgb;
  corner: Rgb;
}

function mean(grid: Buffer, offset: number, box: typeof CENTRE): Rgb {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const p = offset + (y * GRID_W + x) * 3;
      for (let c = 0; c < 3; c++) sum[c]! += grid[p + c]!;
      n++;
    }
  }
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}

/** `fps` frames a second of `file`, each with what it shows. */
export function framesOf(file: string, fps = 4): Frame[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `fps=${fps},scale=${GRID_W}:${GRID_H}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const size = GRID_W * GRID_H * 3;
  const frames: Frame[] = [];
  for (let i = 0; (i + 1) * size <= raw.length; i++) {
    const centre = mean(raw, i * size, CENTRE);
    const corner = mean(raw, i * size, CORNER);
    frames.push({ t: i / fps, shown: classify(centre, corner), centre, corner });
  }
  return frames;
}

export interface Span {
  shown: Shown;
  from: number;
  to: number;
}

/** Runs of frames showing the same thing, in order (`to`: the next run's start, or the last frame's time). */
export function spans(frames: Frame[]): Span[] {
  const out: Span[] = [];
  for (const f of frames) {
    const last = out[out.length - 1];
    if (last && last.shown === f.shown) last.to = f.t;
    else {
      if (last) last.to = f.t;
      out.push({ shown: f.shown, from: f.t, to: f.t });
    }
  }
  return out;
}

/** Width and height of the first video stream. */
export function videoSize(file: string): { width: number; height: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const [width, height] = out.trim().split(',').map(Number);
  return { width: width ?? 0, height: height ?? 0 };
}

/** A frame list for a failure message: time and what it showed, with the colours of the odd ones. */
export function describeFrames(frames: Frame[]): string {
  return spans(frames)
    .map((s) => `${s.shown} ${s.from.toFixed(2)}–${s.to.toFixed(2)}s`)
    .concat(frames.filter((f) => f.shown === 'other').slice(0, 6).map((f) => `other@${f.t.toFixed(2)}: centre ${f.centre.join(',')} corner ${f.corner.join(',')}`))
    .join('; ');
}

/**
 * What a recorded segment holds, read with ffprobe (Debian's ffmpeg): where it starts on the
 * wall clock (the segments keep receive-time timestamps, see SegmentWriter) and how long it is.
 * A segment cut short by a crash has no duration in its header, so the duration comes from its
 * last packet.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedSegment {
  /** Wall-clock start, seconds since the epoch. */
  startSec: number;
  durationSec: number;
  width?: number;
  height?: number;
}

/** The segment's first and last packet times; undefined for an empty or unreadable file. */
export async function probeSegment(file: string, ffprobePath = 'ffprobe'): Promise<ProbedSegment | undefined> {
  try {
    const { stdout } = await run(ffprobePath, ['-v', 'error', '-select_streams', '0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = stdout.split('\n').filter((l) => /^\d/.test(l));
    if (lines.length === 0) return undefined;
    const first = Number(lines[0]!.split(',')[0]);
    const [lastPts, lastDur] = lines[lines.length - 1]!.split(',');
    const end = Number(lastPts) + (Number(lastDur) || 0.02);
    if (!Number.isFinite(first) || !Number.isFinite(end) || end <= first) return undefined;
    const { stdout: dims } = await run(ffprobePath, ['-v', 'error', '-select_streams', '0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
    const [w, h] = dims.trim().split(',').map(Number);
    return { startSec: first, durationSec: end - first, ...(w && h ? { width: w, height: h } : {}) };
  } catch {
    return undefined;
  }
}

/** Every packet's time and length (seconds) of a one-stream segment, in file order (recorder/audioTimeline.ts). */
export async function segmentPackets(file: string, ffprobePath = 'ffprobe'): Promise<Array<{ pts: number; duration: number }>> {
  const { stdout } = await run(ffprobePath, ['-v', 'error', '-select_streams', '0', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const out: Array<{ pts: number; duration: number }> = [];
  for (const line of stdout.split('\n')) {
    if (!/^-?\d/.test(line)) continue; // blank lines and side-data lines; Number('') is 0
    const [pts, duration] = line.split(',').map(Number);
    if (Number.isFinite(pts)) out.push({ pts: pts!, duration: Number.isFinite(duration) ? duration! : 0 });
  }
  return out;
}

/** Streams of a finished file (for checks): codec type and duration. */
export async function probeFile(file: string, ffprobePath = 'ffprobe'): Promise<{ durationSec: number; streams: Array<{ type: string; codec: string }>; chapters: Array<{ start: number; title: string }> }> {
  const { stdout } = await run(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name:chapter=start_time:chapter_tags=title', '-of', 'json', file]);
  const j = JSON.parse(stdout) as {
    format?: { duration?: string };
    streams?: Array<{ codec_type: string; codec_name: string }>;
    chapters?: Array<{ start_time: string; tags?: { title?: string } }>;
  };
  return {
    durationSec: Number(j.format?.duration ?? 0),
    streams: (j.streams ?? []).map((s) => ({ type: s.codec_type, codec: s.codec_name })),
    chapters: (j.chapters ?? []).map((c) => ({ start: Number(c.start_time), title: c.tags?.title ?? '' })),
  };
}

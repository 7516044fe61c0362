/**
 * Where the samples of one audio segment go on the recording's timeline.
 *
 * A segment's packets carry their *receive* time (SegmentWriter), which is the moment they were
 * captured plus a delay that is never negative and jumps whenever the box stalls (a busy 2-core
 * box held a microphone's packets up to 365 ms, then delivered them in a burst). The samples
 * themselves are the sender's own clock and are continuous while the stream flows. So: the
 * samples are laid one after the other, and each stretch is anchored on its *least delayed*
 * packets (the floor of receive time minus sample time over the next few seconds), which is the
 * capture time plus the path's smallest delay.
 *
 * Following the raw receive times instead (ffmpeg's `aresample async`, as the composition did)
 * filled silence at every stall over 0.1 s and then cut the audio that arrived in the burst:
 * a beep measured in the recording E2E was lost, the next ones moved by ~110 ms.
 *
 * A real gap (a microphone paused by the SFU, then allowed to speak again) raises the floor for
 * good: it starts a new run, placed where its own packets say. The floor also follows a sender
 * whose sample clock runs off the server's (new run when it has moved by more than `stepSec`).
 */

export interface AudioPacket {
  /** Receive time, seconds (any origin: the segment's timestamps). */
  pts: number;
  /** Length of its audio, seconds (0.02 for the usual Opus packet). */
  duration: number;
}

export interface AudioRun {
  /** The run's first sample, counted from the segment's first sample. */
  fromSec: number;
  /** Where that sample goes, in the packets' time (pts). */
  atSec: number;
}

export interface AudioTimelineOptions {
  /** How far ahead the floor looks: longer than any stall's burst. Default 2 s. */
  windowSec?: number;
  /** A new run when the floor moves by more than this. Default 0.02 s. */
  stepSec?: number;
}

/** The runs of a segment's audio, in order; the first run starts at its first sample. Empty for no packets. */
export function audioRuns(packets: readonly AudioPacket[], options: AudioTimelineOptions = {}): AudioRun[] {
  const windowSec = options.windowSec ?? 2;
  const stepSec = options.stepSec ?? 0.02;
  const n = packets.length;
  const sampleAt: number[] = new Array<number>(n);
  const delay: number[] = new Array<number>(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    sampleAt[i] = s;
    delay[i] = packets[i]!.pts - s;
    s += packets[i]!.duration > 0 ? packets[i]!.duration : 0.02;
  }
  // floor[i] = min delay over the packets within windowSec of samples after i (a monotonic
  // deque, walked backwards: O(n) for an hour of audio).
  const floor: number[] = new Array<number>(n);
  const deque: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    while (deque.length > 0 && delay[deque[deque.length - 1]!]! >= delay[i]!) deque.pop();
    deque.push(i);
    while (sampleAt[deque[0]!]! > sampleAt[i]! + windowSec) deque.shift();
    floor[i] = delay[deque[0]!]!;
  }
  const runs: AudioRun[] = [];
  let current = NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(current) && Math.abs(floor[i]! - current) <= stepSec) continue;
    current = floor[i]!;
    runs.push({ fromSec: sampleAt[i]!, atSec: sampleAt[i]! + current });
  }
  return runs;
}

/**
 * The asetpts expression (to be single-quoted in a filter graph) that puts decoded sample N
 * (counted from the segment's first, at `sampleRate`: Opus always decodes at 48 kHz) where its
 * run says, `originSec` being the timeline's zero. Nested ifs, one per run (a run per pause of
 * the stream or per `stepSec` of clock drift: tens in a lesson, not thousands).
 */
export function runsPtsExpression(runs: readonly AudioRun[], originSec: number, sampleRate = 48_000): string {
  if (runs.length === 0) throw new Error('no audio runs');
  const offset = (r: AudioRun) => (r.atSec - r.fromSec - originSec).toFixed(4);
  let expr = offset(runs[runs.length - 1]!);
  for (let i = runs.length - 2; i >= 0; i--) expr = `if(lt(N,${Math.round(runs[i + 1]!.fromSec * sampleRate)}),${offset(runs[i]!)},${expr})`;
  return `(N/SR+${expr})/TB`;
}

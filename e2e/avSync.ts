/**
 * Measuring audio/video sync end to end (issue 9): the page's camera and microphone are a
 * canvas and a WebAudio oscillator that flash and beep *together*, at every multiple of PERIOD_MS
 * of the wall clock; the flashes and beeps are then found in the recorder's raw segments and in
 * the final MP4, and paired.
 *
 * Why not Chromium's file-fed fake devices: each loops its own file from the moment it is
 * opened, the camera's loop runs slow under load (a 2 s loop took ~2.04 s on a busy 2-core box),
 * so flash and beep drifted ~40 ms apart per period and no pairing could be trusted. Here both
 * come from one timer in one page, keyed to one clock (performance.timeOrigin + now, the same
 * wall clock as the test's and the recorder's on this machine): a late timer delays the flash
 * and the beep alike.
 */
import { execFileSync } from 'node:child_process';

/** One flash and one beep every PERIOD_MS of the wall clock. */
export const PERIOD_MS = 1500;
const FLASH_MS = 200; // ~5 camera frames: one dropped frame does not lose the onset
const BEEP_MS = 150;

/**
 * Page script (page.addInitScript, before the app runs): navigator.mediaDevices.getUserMedia
 * answers with tracks of a 640x360 canvas (captureStream, 24 fps) and of a WebAudio graph
 * (1 kHz oscillator → gain → MediaStreamDestination), the same sources for every call (clones).
 * A 5 ms timer draws the canvas white and opens the gain at the same tick when the wall clock
 * crosses a multiple of the period; otherwise the canvas is dark with a moving counter (a canvas
 * that never changes yields no frames). `window.__avPattern.onsets` keeps the wall-clock time of
 * each onset the page produced.
 */
export function installPatternDevices(periodMs: number, flashMs: number, beepMs: number): void {
  type Sources = { video: MediaStreamTrack; audio: MediaStreamTrack };
  const state = { onsets: [] as number[] };
  (window as unknown as { __avPattern: typeof state }).__avPattern = state;
  let sources: Sources | undefined;
  const start = (): Sources => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const g = canvas.getContext('2d')!;
    const audio = new AudioContext({ sampleRate: 48_000 });
    const osc = audio.createOscillator();
    osc.frequency.value = 1000;
    const gain = audio.createGain();
    gain.gain.value = 0;
    const out = audio.createMediaStreamDestination();
    osc.connect(gain).connect(out);
    osc.start();
    let period = -1;
    let frame = 0;
    const tick = () => {
      const now = performance.timeOrigin + performance.now();
      const k = Math.floor(now / periodMs);
      const into = now - k * periodMs;
      if (k !== period && into < flashMs) {
        period = k;
        state.onsets.push(now);
        // At the audio clock's present: the next render quantum (2.7 ms) carries the beep.
        gain.gain.setValueAtTime(0.5, audio.currentTime);
        gain.gain.setValueAtTime(0, audio.currentTime + beepMs / 1000);
      }
      g.fillStyle = into < flashMs ? '#ffffff' : '#181818';
      g.fillRect(0, 0, 640, 360);
      g.fillStyle = '#808080';
      g.fillRect((frame++ * 4) % 600, 340, 40, 20); // small, at the bottom: keeps frames coming
    };
    setInterval(tick, 5);
    tick();
    void audio.resume();
    return { video: canvas.captureStream(24).getVideoTracks()[0]!, audio: out.stream.getAudioTracks()[0]! };
  };
  const devices = navigator.mediaDevices;
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    sources ??= start();
    const stream = new MediaStream();
    if (constraints?.audio) stream.addTrack(sources.audio.clone());
    if (constraints?.video) stream.addTrack(sources.video.clone());
    return stream;
  };
}

/** The page script as text: bundlers may wrap inner functions in __name(), which the page lacks. */
export function patternDevicesScript(): string {
  return `var __name = globalThis.__name || ((f) => f); (${installPatternDevices.toString()})(${PERIOD_MS}, ${FLASH_MS}, ${BEEP_MS});`;
}

export interface Sample {
  /** Seconds: in a segment, wall clock (epoch); in the MP4, from its start. */
  t: number;
  v: number;
}

/** The file's start (seconds) as ffmpeg subtracts it from every timestamp it decodes. */
function startTime(file: string): number {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const s = Number(out.trim());
  return Number.isFinite(s) ? s : 0;
}

/** Runs a filter that prints one metadata key per frame; returns (pts, value) pairs. */
function perFrame(file: string, streamArgs: string[], filter: string, key: string, absolute: boolean): Sample[] {
  // stderr ignored: the null muxer complains of the segments' non-monotonic receive-time stamps.
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, ...streamArgs, filter, '-f', 'null', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  const base = absolute ? startTime(file) : 0;
  const samples: Sample[] = [];
  let t = NaN;
  for (const line of out.split('\n')) {
    const pts = /pts_time:(-?[\d.e+-]+)/.exec(line);
    if (pts) t = Number(pts[1]);
    else if (line.startsWith(`${key}=`) && Number.isFinite(t)) {
      const v = Number(line.slice(key.length + 1));
      samples.push({ t: base + t, v: Number.isFinite(v) ? v : -200 });
    }
  }
  return samples;
}

/**
 * Mean luma of every video frame with its time (`crop` picks a region, e.g. the camera's place
 * in the MP4). `absolute`: a segment's times on the wall clock (its timestamps are receive times).
 */
export function lumaSeries(file: string, opts: { absolute: boolean; crop?: { w: number; h: number; x: number; y: number } }): Sample[] {
  const crop = opts.crop ? `crop=${opts.crop.w}:${opts.crop.h}:${opts.crop.x}:${opts.crop.y},` : '';
  return perFrame(file, ['-an', '-vf'], `${crop}signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-`, 'lavfi.signalstats.YAVG', opts.absolute);
}

/** Audio RMS level (dBFS) per 10 ms with its time; silence is -200. */
export function levelSeries(file: string, opts: { absolute: boolean }): Sample[] {
  return perFrame(
    file,
    ['-vn', '-af'],
    'aformat=channel_layouts=mono,asetnsamples=n=480:p=0,astats=metadata=1:reset=1,ametadata=print:key=lavfi.astats.Overall.RMS_level:file=-',
    'lavfi.astats.Overall.RMS_level',
    opts.absolute,
  );
}

/** Times where `v` rises above `high` after having been under `low` (a series that starts high has no onset there). */
export function risingEdges(samples: Sample[], high: number, low: number): number[] {
  const edges: number[] = [];
  let up = true;
  for (const s of samples) {
    if (!up && s.v > high) edges.push(s.t);
    up = up ? s.v > low : s.v > high;
  }
  return edges;
}

/** Flash onsets: mean luma from dark (~24) to white (~235). */
export const flashOnsets = (luma: Sample[]): number[] => risingEdges(luma, 128, 80);
/** Beep onsets: from silence (or Opus comfort noise) to a -9 dBFS tone. */
export const beepOnsets = (level: Sample[]): number[] => risingEdges(level, -30, -45);

export interface Pairing {
  /** Flash minus beep (seconds; positive: the picture comes late) of each pair within the tolerance. */
  offsets: number[];
  /** Flashes with no beep within the tolerance, as their offset to the nearest beep (seconds), for the report. */
  unpaired: number[];
}

/** Pairs each flash with the nearest beep; a pair further apart than `toleranceSec` counts as unpaired. */
export function pairOnsets(flashes: number[], beeps: number[], toleranceSec: number): Pairing {
  const offsets: number[] = [];
  const unpaired: number[] = [];
  for (const f of flashes) {
    let best: number | undefined;
    for (const b of beeps) if (best === undefined || Math.abs(f - b) < Math.abs(f - best)) best = b;
    if (best === undefined) continue;
    (Math.abs(f - best) <= toleranceSec ? offsets : unpaired).push(f - best);
  }
  return { offsets, unpaired };
}

/** Each onset's distance (seconds) after the page's onset it belongs to (the latest wall-clock multiple of the period before it). */
export function latencies(onsets: number[], pageOnsets: number[]): number[] {
  const out: number[] = [];
  for (const o of onsets) {
    const before = pageOnsets.filter((p) => p <= o + 0.05).pop();
    if (before !== undefined && o - before < PERIOD_MS / 1000 / 2) out.push(o - before);
  }
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** "median m / max |x| (n)" in ms, for the report. */
export function summary(values: number[]): string {
  if (values.length === 0) return 'none';
  const ms = (x: number) => Math.round(x * 1000);
  return `median ${ms(median(values))} / max|.| ${ms(Math.max(...values.map(Math.abs)))} ms (n=${values.length}: ${values.map(ms).join(' ')})`;
}

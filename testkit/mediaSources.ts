/**
 * What every media test peer shares: the small part of @roamhq/wrtc (libwebrtc M106 in Node)
 * they use, typed here because wrtc's own typings rely on DOM types; synthetic sources (a loud
 * 440 Hz tone, moving frames); a sink that counts decoded frames; and waitFor().
 *
 * wrtc keeps native threads alive: stop every source and close every connection before a test
 * file ends, or the worker does not exit.
 */
import wrtcModule from '@roamhq/wrtc';

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}
export interface MediaTrack {
  readonly id: string;
  readonly kind: string;
  stop(): void;
}
export interface Transceiver {
  readonly mid: string | null;
  readonly receiver: { readonly track: MediaTrack };
}
export interface StatsEntry {
  type: string;
  [key: string]: unknown;
}
export interface StatsReport {
  forEach(cb: (s: StatsEntry) => void): void;
}
export interface PeerConnection {
  readonly localDescription: SessionDescription | null;
  readonly connectionState: string;
  readonly iceGatheringState: string;
  onicecandidate: ((e: { candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null }) => void) | null;
  onicegatheringstatechange: (() => void) | null;
  ontrack: ((e: { track: MediaTrack; transceiver: Transceiver }) => void) | null;
  addTransceiver(track: MediaTrack, init: { direction: string; sendEncodings?: Record<string, unknown>[] }): Transceiver;
  createOffer(): Promise<SessionDescription>;
  createAnswer(): Promise<SessionDescription>;
  setLocalDescription(d: SessionDescription): Promise<void>;
  setRemoteDescription(d: SessionDescription): Promise<void>;
  getStats(): Promise<StatsReport>;
  close(): void;
}
export interface VideoSink {
  onframe: ((e: { frame: { width: number; height: number } }) => void) | null;
  stop(): void;
}
export interface VideoSource {
  createTrack(): MediaTrack;
  onFrame(f: { width: number; height: number; data: Uint8Array }): void;
}
export interface AudioSource {
  createTrack(): MediaTrack;
  onData(d: { samples: Int16Array; sampleRate: number }): void;
}
export interface Wrtc {
  RTCPeerConnection: new (config: { iceServers: unknown[] }) => PeerConnection;
  nonstandard: {
    RTCVideoSource: new () => VideoSource;
    RTCAudioSource: new () => AudioSource;
    RTCVideoSink: new (track: MediaTrack) => VideoSink;
  };
}
export const wrtc: Wrtc = wrtcModule;

/** Polls `check` every 100 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A running synthetic source: its track, and stop() for its timer and track. */
export interface SyntheticTrack {
  track: MediaTrack;
  stop(): void;
}

/** Moving frames (a bar sweeping over a changing background) of `width`x`height` at `fps`. */
export function syntheticVideo(width: number, height: number, fps: number): SyntheticTrack {
  const video = new wrtc.nonstandard.RTCVideoSource();
  const frame = { width, height, data: new Uint8Array((width * height * 3) / 2) };
  let n = 0;
  const timer = setInterval(() => {
    n++;
    frame.data.fill((n * 3) & 0xff, 0, width * height);
    const bar = (n * 8) % width;
    for (let y = 0; y < height; y += 2) frame.data.fill(255, y * width + bar, y * width + Math.min(width, bar + 16));
    video.onFrame(frame);
  }, 1000 / fps);
  const track = video.createTrack();
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** A loud 440 Hz tone, 48 kHz mono, in 10 ms chunks (timers drift: as many chunks as are due). */
export function syntheticAudio(): SyntheticTrack {
  const audio = new wrtc.nonstandard.RTCAudioSource();
  const samples = new Int16Array(480);
  let sent = 0;
  const t0 = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / 10);
    for (; sent < due; sent++) {
      for (let i = 0; i < 480; i++) samples[i] = Math.round(16000 * Math.sin((2 * Math.PI * 440 * (sent * 480 + i)) / 48000));
      audio.onData({ samples, sampleRate: 48000 });
    }
  }, 10);
  const track = audio.createTrack();
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** Counts the decoded frames of a received video track and remembers the last frame's size. */
export class FrameCounter {
  readonly #sink: VideoSink;
  frames = 0;
  width = 0;
  height = 0;

  constructor(track: MediaTrack) {
    this.#sink = new wrtc.nonstandard.RTCVideoSink(track);
    this.#sink.onframe = ({ frame }) => {
      this.frames++;
      this.width = frame.width;
      this.height = frame.height;
    };
  }

  stop(): void {
    this.#sink.stop();
  }
}

/** What a test peer received of one stream (packets; for video, decoded frames and their size). */
export interface StreamCounters {
  kind: string;
  packets: number;
  framesDecoded: number;
  /** Frames delivered to an RTCVideoSink (decoded images), and the size of the last one. */
  sinkFrames: number;
  width: number;
  height: number;
}

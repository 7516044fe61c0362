/**
 * A teacher bot that publishes real Opus and VP8 through the real signaling: join with a link
 * token, set up transports and produce with mediasoup-client (transportPublisher.ts); and keep a
 * synthetic camera (moving, textured 1280x720 frames, so that the encoder has work to do and
 * fills its bitrate like a real camera) and a microphone (a tone) running.
 *
 * libwebrtc keeps native threads alive: the process must call process.exit() at the end.
 */
import type { RtpCapabilities } from '../../proto/index.js';
import { SignalingClient } from './signalingClient.js';
import { summarizeSendStats, type PublisherSendStats } from './sendStats.js';
import { TransportPublisher } from './transportPublisher.js';
import { routerCapabilities, TransportSignal } from './transportSignal.js';
import { wrtc, type AudioSource, type MediaTrack, type StatsEntry, type VideoSource } from './wrtc.js';

export interface PublisherBotOptions {
  wsUrl: string;
  lessonId: string;
  token: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Three encodings (low, medium, high), as the client sends. Default false. */
  simulcast?: boolean;
  /** Bitrate cap of the (highest) video encoding, bit/s. Default 1_000_000. */
  maxBitrate?: number;
  log?: (line: string) => void;
}


/** Scrolling textured luma plane: cheap to produce, realistic work for the encoder. */
class FrameGenerator {
  readonly frame: { width: number; height: number; data: Uint8Array };
  readonly #texture: Uint8Array;
  readonly #texWidth: number;
  #n = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.frame = { width, height, data: new Uint8Array((width * height * 3) / 2) };
    this.frame.data.fill(128, width * height); // neutral chroma
    this.#texWidth = width * 2;
    this.#texture = new Uint8Array(this.#texWidth * height);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < this.#texWidth; x++) {
        const smooth = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23);
        this.#texture[y * this.#texWidth + x] = Math.max(0, Math.min(255, smooth + (rnd() - 0.5) * 90));
      }
    }
  }

  next(): { width: number; height: number; data: Uint8Array } {
    const { width, height } = this;
    const n = this.#n++;
    const shift = (n * 3) % width;
    for (let y = 0; y < height; y++) {
      const row = y * this.#texWidth + shift;
      this.frame.data.set(this.#texture.subarray(row, row + width), y * width);
    }
    // a moving block of changing noise, like a speaking face: keeps inter frames non-trivial
    const bw = Math.floor(width / 6);
    const bh = Math.floor(height / 5);
    const bx = Math.floor((width - bw) * (0.5 + 0.4 * Math.sin(n / 40)));
    const by = Math.floor((height - bh) * (0.5 + 0.4 * Math.cos(n / 55)));
    const off = (n * 7919) % (this.#texture.length - bw * 2);
    for (let y = 0; y < bh; y++) {
      const src = (off + y * 131) % (this.#texture.length - bw);
      this.frame.data.set(this.#texture.subarray(src, src + bw), (by + y) * width + bx);
    }
    return this.frame;
  }
}

export class PublisherBot {
  participantId = '';
  readonly #o: Required<Omit<PublisherBotOptions, 'log'>> & Pick<PublisherBotOptions, 'log'>;
  readonly #tracks: MediaTrack[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #audioTrack: MediaTrack;
  readonly #videoTrack: MediaTrack;
  #transport: TransportPublisher | undefined;
  #signaling: SignalingClient | undefined;
  #closed = false;

  constructor(options: PublisherBotOptions) {
    this.#o = { width: 1280, height: 720, fps: 30, simulcast: false, maxBitrate: 1_000_000, ...options };
    const audio = new wrtc.nonstandard.RTCAudioSource();
    const video = new wrtc.nonstandard.RTCVideoSource();
    this.#audioTrack = audio.createTrack();
    this.#videoTrack = video.createTrack();
    this.#tracks.push(this.#audioTrack, this.#videoTrack);
    this.#startSources(audio, video);
  }

  #startSources(audio: AudioSource, video: VideoSource): void {
    const gen = new FrameGenerator(this.#o.width, this.#o.height);
    const t0 = performance.now();
    let frames = 0;
    this.#timers.push(
      setInterval(() => {
        // timers drift: send as many frames as are due (at most 2 per tick)
        const due = Math.floor(((performance.now() - t0) * this.#o.fps) / 1000);
        for (let i = 0; frames < due && i < 2; i++, frames++) video.onFrame(gen.next());
        if (due - frames > 2) frames = due;
      }, Math.floor(1000 / this.#o.fps / 2)),
    );
    const samples = new Int16Array(480); // 10 ms at 48 kHz
    let sent = 0;
    this.#timers.push(
      setInterval(() => {
        const due = Math.floor((performance.now() - t0) / 10);
        for (; sent < due; sent++) {
          for (let i = 0; i < 480; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (sent * 480 + i)) / 48000));
          audio.onData({ samples, sampleRate: 48000 });
        }
      }, 10),
    );
  }

  /** Joins as the token's user, publishes, and resolves once connected. */
  async start(timeoutMs = 20_000): Promise<void> {
    const log = this.#o.log ?? (() => {});
    this.#signaling = await SignalingClient.connect(this.#o.wsUrl, { onClose: (code) => log(`publisher signaling closed ${code}`) });
    const joined = await this.#signaling.join(this.#o.lessonId, this.#o.token, { micOn: true, cameraOn: true });
    this.participantId = joined.participantId ?? '';
    await this.#startTransport(this.#signaling, routerCapabilities(joined));
    const deadline = Date.now() + timeoutMs;
    while (this.#connectionState() !== 'connected') {
      if (Date.now() > deadline) throw new Error(`publisher not connected after ${timeoutMs} ms (state ${this.#connectionState()})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`publisher ${this.participantId} connected`);
  }

  #connectionState(): string {
    return this.#transport?.connectionState ?? 'new';
  }

  /** Simulcast ordered low -> high (mediasoup's order). */
  async #startTransport(signaling: SignalingClient, caps: RtpCapabilities): Promise<void> {
    const max = this.#o.maxBitrate;
    const publisher = new TransportPublisher();
    this.#transport = publisher;
    await publisher.start(new TransportSignal(signaling), caps, [
      { source: 'microphone', track: this.#audioTrack },
      {
        source: 'camera',
        track: this.#videoTrack,
        encodings: this.#o.simulcast
          ? [
              { scaleResolutionDownBy: 4, maxBitrate: Math.round(max / 8) },
              { scaleResolutionDownBy: 2, maxBitrate: Math.round(max / 3) },
              { maxBitrate: max },
            ]
          : [{ maxBitrate: max }],
      },
    ]);
  }

  async sendStats(): Promise<PublisherSendStats> {
    const entries: StatsEntry[] = [];
    if (this.#transport) entries.push(...(await this.#transport.stats()));
    return summarizeSendStats(entries, Date.now());
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    for (const t of this.#tracks) t.stop();
    this.#transport?.close();
    this.#signaling?.close();
  }
}

/**
 * WebRTC bots for media tests, on @roamhq/wrtc (libwebrtc M106 in Node): a publisher that sends
 * real Opus and VP8 (optionally 3 simulcast encodings) from synthetic sources, and a subscriber
 * that answers subscriber offers and counts received packets and decoded frames per stream.
 *
 * wrtc keeps native threads alive: close every bot (close() is safe twice) before a test file
 * ends, or the worker does not exit.
 */
import type { IceCandidate, PublishTrack, StreamRef, SubscriberOffer } from '../sfu/index.js';
import { FrameCounter, syntheticAudio, syntheticVideo, waitFor, wrtc, type MediaTrack, type PeerConnection, type SyntheticTrack, type Transceiver } from './mediaSources.js';

export { waitFor };

function waitGathered(pc: PeerConnection, timeoutMs = 5_000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    };
  });
}

export const refKey = (r: StreamRef) => `${r.peerId}/${r.label}`;

// ---- publisher ----

export interface PublisherBotOptions {
  /** Frame size of the camera. Default 320x240. libwebrtc sends 3 simulcast layers from 960x540 up. */
  width?: number;
  height?: number;
  /** Frames per second. Default 15. */
  fps?: number;
  /** Send the camera as 3 encodings, ordered high, medium, low (rids h, m, l). Default false. */
  simulcast?: boolean;
  /** Trickle candidates through this callback instead of waiting for them before the offer. */
  onCandidate?: (candidate: IceCandidate | null) => void;
}

/** Sends a loud 440 Hz tone as "microphone" and moving frames as "camera" (and "screen" once added). */
export class PublisherBot {
  readonly pc: PeerConnection;
  readonly #opts: Required<Omit<PublisherBotOptions, 'onCandidate'>> & Pick<PublisherBotOptions, 'onCandidate'>;
  readonly #sent: Array<{ label: string; transceiver: Transceiver & { direction: string }; track: MediaTrack }> = [];
  readonly #sources: SyntheticTrack[] = [];
  #closed = false;

  constructor(options: PublisherBotOptions = {}) {
    this.#opts = { width: 320, height: 240, fps: 15, simulcast: false, ...options };
    this.pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    this.#add('microphone', this.#source(syntheticAudio()));
    const encodings = this.#opts.simulcast
      ? [
          { rid: 'h', maxBitrate: 1_200_000 },
          { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 400_000 },
          { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
        ]
      : undefined;
    this.#add('camera', this.#source(syntheticVideo(this.#opts.width, this.#opts.height, this.#opts.fps)), encodings);
  }

  #add(label: string, track: MediaTrack, sendEncodings?: Record<string, unknown>[]): void {
    const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly', ...(sendEncodings ? { sendEncodings } : {}) });
    this.#sent.push({ label, transceiver: transceiver as Transceiver & { direction: string }, track });
  }

  /** Adds a second video track ("screen", 640x360) to send; renegotiate with offer(). */
  addScreen(): void {
    this.#add('screen', this.#source(syntheticVideo(640, 360, this.#opts.fps)));
  }

  /** Stops sending `label` (its m-line becomes inactive); renegotiate with offer(). */
  stopSending(label: string): void {
    const sent = this.#sent.find((s) => s.label === label);
    if (sent) sent.transceiver.direction = 'inactive';
  }

  #source(source: SyntheticTrack): MediaTrack {
    this.#sources.push(source);
    return source.track;
  }

  /** Creates an offer; returns it with the tracks it sends now, labelled. */
  async offer(): Promise<{ sdp: string; tracks: PublishTrack[] }> {
    const onCandidate = this.#opts.onCandidate;
    if (onCandidate) {
      this.pc.onicecandidate = (e) =>
        onCandidate(e.candidate ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid ?? undefined, sdpMLineIndex: e.candidate.sdpMLineIndex ?? undefined } : null);
    }
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    // Trickling: the offer as created, without the candidates gathered meanwhile.
    if (!onCandidate) await waitGathered(this.pc);
    const sdp = onCandidate ? offer.sdp : (this.pc.localDescription?.sdp ?? '');
    const tracks = this.#sent
      .filter((s) => s.transceiver.direction === 'sendonly' && s.transceiver.mid)
      .map((s) => ({ mid: s.transceiver.mid ?? '', label: s.label }));
    return { sdp, tracks };
  }

  accept(answerSdp: string): Promise<void> {
    return this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  waitConnected(timeoutMs = 10_000): Promise<boolean> {
    return waitFor('publisher connected', () => this.pc.connectionState === 'connected', timeoutMs);
  }

  /** outbound-rtp of the camera, per encoding. */
  async encodings(): Promise<Array<{ rid: string | undefined; width: number | undefined; height: number | undefined; packets: number }>> {
    const out: Array<{ rid: string | undefined; width: number | undefined; height: number | undefined; packets: number }> = [];
    (await this.pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out.push({ rid: s.rid as string | undefined, width: s.frameWidth as number | undefined, height: s.frameHeight as number | undefined, packets: Number(s.packetsSent ?? 0) });
      }
    });
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const source of this.#sources) source.stop();
    this.pc.close();
  }
}

// ---- subscriber ----

export interface StreamCounters {
  kind: string;
  packets: number;
  framesDecoded: number;
  /** Frames delivered to an RTCVideoSink (decoded images), and the size of the last one. */
  sinkFrames: number;
  width: number;
  height: number;
}

/** Answers subscriber offers and measures what arrives, per (peerId, label). */
export class SubscriberBot {
  readonly pc: PeerConnection;
  readonly offers: SubscriberOffer[] = [];
  #mapping = new Map<string, StreamRef>(); // mid -> stream
  readonly #sinks = new Map<string, FrameCounter>(); // by mid
  #closed = false;

  constructor() {
    this.pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    this.pc.ontrack = (e) => {
      const mid = e.transceiver.mid;
      if (e.track.kind !== 'video' || !mid || this.#sinks.has(mid)) return;
      this.#sinks.set(mid, new FrameCounter(e.track));
    };
  }

  get lastOffer(): SubscriberOffer | undefined {
    return this.offers[this.offers.length - 1];
  }

  /** Applies `offer` and returns the answer SDP (candidates included). */
  async answer(offer: SubscriberOffer): Promise<string> {
    this.offers.push(offer);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await waitGathered(this.pc);
    this.#mapping = new Map(offer.streams.map((s) => [s.mid, { peerId: s.peerId, label: s.label }]));
    return this.pc.localDescription?.sdp ?? '';
  }

  /** Counters of every stream of the last answered offer, keyed "peerId/label". */
  async counters(): Promise<Map<string, StreamCounters>> {
    const out = new Map<string, StreamCounters>();
    (await this.pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp' || typeof s.mid !== 'string') return;
      const ref = this.#mapping.get(s.mid);
      if (!ref) return;
      const sink = this.#sinks.get(s.mid);
      out.set(refKey(ref), {
        kind: String(s.kind),
        packets: Number(s.packetsReceived ?? 0),
        framesDecoded: Number(s.framesDecoded ?? 0),
        sinkFrames: sink?.frames ?? 0,
        width: sink?.width ?? 0,
        height: sink?.height ?? 0,
      });
    });
    return out;
  }

  async of(ref: StreamRef): Promise<StreamCounters | undefined> {
    return (await this.counters()).get(refKey(ref));
  }

  /** Waits until `ref` has received `packets` more packets (and, for video, a decoded frame more). */
  async waitFlowing(ref: StreamRef, timeoutMs = 10_000, packets = 8): Promise<StreamCounters> {
    const start = (await this.of(ref)) ?? { packets: 0, sinkFrames: 0 };
    return waitFor(
      `media of ${refKey(ref)}`,
      async () => {
        const c = await this.of(ref);
        if (!c || c.packets < start.packets + packets) return undefined;
        if (c.kind === 'video' && c.sinkFrames <= start.sinkFrames) return undefined;
        return c;
      },
      timeoutMs,
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const sink of this.#sinks.values()) sink.stop();
    this.pc.close();
  }
}

// ---- wiring ----

/** The part of a MediaRoom a subscriber bot needs. */
interface OfferingRoom {
  on(event: 'subscriberOffer', listener: (peerId: string, offer: SubscriberOffer) => void): unknown;
  off(event: 'subscriberOffer', listener: (peerId: string, offer: SubscriberOffer) => void): unknown;
  answerSubscriber(peerId: string, revision: number, answerSdp: string): Promise<void>;
}

/**
 * Answers every subscriber offer the room makes to `peerId` with `bot`, one at a time and in
 * order, like a client would. Returns a function that stops answering. Errors are kept in
 * `errors` for the test to check.
 */
export function autoAnswer(room: OfferingRoom, peerId: string, bot: SubscriberBot, errors: unknown[] = []): () => void {
  let chain = Promise.resolve();
  const listener = (to: string, offer: SubscriberOffer) => {
    if (to !== peerId) return;
    chain = chain.then(async () => {
      try {
        const sdp = await bot.answer(offer);
        await room.answerSubscriber(peerId, offer.revision, sdp);
      } catch (err) {
        errors.push(err);
      }
    });
  };
  room.on('subscriberOffer', listener);
  return () => room.off('subscriberOffer', listener);
}

/**
 * A test peer of a 'transport' room (the mediasoup engine): mediasoup-client's Device running in
 * Node on @roamhq/wrtc (the Chrome111 handler over wrtc's RTCPeerConnection, set as globals),
 * as the browser client does it: connectPeer, a send transport producing "microphone" and
 * "camera" (optionally 3 simulcast encodings, low → high), a receive transport consuming what
 * the room announces (consumersChanged) and resuming each consumer, per-stream counters.
 */
import { Device, type types as client } from 'mediasoup-client';
import type { ConsumerOptions, ConsumersChange, RtpCapabilities, RtpParameters, StreamRef, MediaRoom, TransportOptions } from '../sfu/index.js';
import { FrameCounter, syntheticAudio, syntheticVideo, waitFor, wrtc, type MediaTrack, type StatsReport, type StreamCounters, type SyntheticTrack } from './mediaSources.js';

/** mediasoup-client looks the WebRTC classes up as globals, like in a browser. */
function installWrtcGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  const w = wrtc as unknown as Record<string, unknown>;
  for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'MediaStream', 'MediaStreamTrack', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver']) {
    if (g[name] === undefined && w[name] !== undefined) g[name] = w[name];
  }
}
installWrtcGlobals();

// mediasoup-client's types narrow a few strings (header extension URIs) to literal unions; the
// values come from the room, which took them from mediasoup: the same vocabulary.
const toClientCaps = (caps: RtpCapabilities) => caps as client.RtpCapabilities;
const toClientParams = (p: RtpParameters) => p as client.RtpParameters;
const fromClientCaps = (caps: client.RtpCapabilities) => caps as RtpCapabilities;
const fromClientParams = (p: client.RtpParameters) => p as RtpParameters;
const toClientTransport = (t: TransportOptions): client.TransportOptions => ({
  id: t.id,
  iceParameters: t.iceParameters,
  iceCandidates: t.iceCandidates.map((c) => ({ ...c, ip: c.address })) as client.IceCandidate[],
  dtlsParameters: t.dtlsParameters as client.DtlsParameters,
});

/** The track type mediasoup-client's produce() takes (the DOM's MediaStreamTrack: wrtc's object). */
type ClientTrack = NonNullable<NonNullable<Parameters<client.Transport['produce']>[0]>['track']>;

export interface TransportPeerOptions {
  /** Keep only the engine's TCP candidates (ICE over TCP, as behind a firewall that drops UDP). */
  tcpOnly?: boolean;
}

export interface PublishOptions {
  /** Frame size of the camera. Default 320x240. libwebrtc sends 3 simulcast layers from 960x540 up. */
  width?: number;
  height?: number;
  /** Default 15. */
  fps?: number;
  /** Send the camera as 3 encodings, low → high (mediasoup's order). Default false. */
  simulcast?: boolean;
  /** Which streams to send. Default both. */
  audio?: boolean;
  video?: boolean;
}

interface Received {
  consumer: client.Consumer;
  ref: StreamRef;
  frames: FrameCounter | undefined;
}

export class TransportPeer {
  readonly room: MediaRoom;
  readonly peerId: string;
  readonly #options: TransportPeerOptions;
  readonly #device = new Device({ handlerName: 'Chrome111' });
  #send: client.Transport | undefined;
  #recv: client.Transport | undefined;
  readonly #sources: SyntheticTrack[] = [];
  readonly #producers = new Map<string, client.Producer>();
  readonly #received = new Map<string, Received>(); // by consumer id
  /** Consumer changes are applied one at a time, in order, like a client does. */
  #chain: Promise<void> = Promise.resolve();
  readonly errors: unknown[] = [];
  readonly #listener = (peerId: string, change: ConsumersChange) => {
    if (peerId === this.peerId) this.#chain = this.#chain.then(() => this.#apply(change));
  };
  #closed = false;

  constructor(room: MediaRoom, peerId: string, options: TransportPeerOptions = {}) {
    this.room = room;
    this.peerId = peerId;
    this.#options = options;
    room.on('consumersChanged', this.#listener);
  }

  get connected(): boolean {
    return this.#send !== undefined;
  }

  /** Loads the device and creates both transports (connectPeer). Called by publish() and receive(). */
  async connect(): Promise<void> {
    if (this.#send) return;
    if (!this.#device.loaded) await this.#device.load({ routerRtpCapabilities: toClientCaps(this.room.rtpCapabilities) });
    const { send, recv } = await this.room.connectPeer(this.peerId, fromClientCaps(this.#device.rtpCapabilities));
    this.#send = this.#device.createSendTransport(this.#transportOptions(send));
    this.#recv = this.#device.createRecvTransport(this.#transportOptions(recv));
    for (const [t, direction] of [[this.#send, 'send'], [this.#recv, 'recv']] as const) {
      t.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.room.connectTransport(this.peerId, direction, dtlsParameters).then(callback, errback);
      });
    }
    this.#send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const label = String(appData.label);
      this.room.produce(this.peerId, { label, kind, rtpParameters: fromClientParams(rtpParameters) }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
  }

  #transportOptions(t: TransportOptions): client.TransportOptions {
    const options = toClientTransport(t);
    if (this.#options.tcpOnly) options.iceCandidates = options.iceCandidates.filter((c) => c.protocol === 'tcp');
    return options;
  }

  /** Sends "microphone" and "camera" (the test tone and moving frames). */
  async publish(options: PublishOptions = {}): Promise<void> {
    await this.connect();
    const o = { width: 320, height: 240, fps: 15, simulcast: false, audio: true, video: true, ...options };
    if (o.audio) await this.produce('microphone', syntheticAudio());
    if (o.video) {
      const encodings = o.simulcast
        ? [
            { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
            { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 400_000 },
            { rid: 'h', maxBitrate: 1_200_000 },
          ]
        : undefined;
      await this.produce('camera', syntheticVideo(o.width, o.height, o.fps), encodings);
    }
  }

  /** Produces one stream `label` from `source` (replacing an earlier one of that label). */
  async produce(label: string, source: SyntheticTrack, encodings?: client.RtpEncodingParameters[]): Promise<string> {
    await this.connect();
    this.#sources.push(source);
    this.#producers.get(label)?.close();
    const producer = await this.#transport('send').produce({ track: source.track as unknown as ClientTrack, ...(encodings ? { encodings } : {}), appData: { label } });
    this.#producers.set(label, producer);
    return producer.id;
  }

  /** Stops sending `label` (client side) and unpublishes it. */
  async unpublish(label: string): Promise<void> {
    this.#producers.get(label)?.close();
    this.#producers.delete(label);
    await this.room.unpublish(this.peerId, label);
  }

  /** Creates the transports if needed, so that announced consumers can be taken. */
  async receive(): Promise<void> {
    await this.connect();
  }

  async restartIce(direction: 'send' | 'recv'): Promise<void> {
    const iceParameters = await this.room.restartIce(this.peerId, direction);
    await this.#transport(direction).restartIce({ iceParameters });
  }

  connectionState(direction: 'send' | 'recv'): string {
    return this.#transport(direction).connectionState;
  }

  waitConnected(direction: 'send' | 'recv', timeoutMs = 10_000): Promise<boolean> {
    return waitFor(`${direction} transport connected`, () => this.connectionState(direction) === 'connected', timeoutMs);
  }

  #transport(direction: 'send' | 'recv'): client.Transport {
    const t = direction === 'send' ? this.#send : this.#recv;
    if (!t) throw new Error('not connected');
    return t;
  }

  async #apply(change: ConsumersChange): Promise<void> {
    try {
      for (const id of change.removed) this.#drop(id);
      for (const c of change.added) await this.#consume(c);
    } catch (err) {
      this.errors.push(err);
    }
  }

  async #consume(c: ConsumerOptions): Promise<void> {
    if (this.#closed || !this.#recv) return;
    const consumer = await this.#recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: toClientParams(c.rtpParameters) });
    // wrtc's track object, typed by mediasoup-client as the DOM's MediaStreamTrack.
    const track = consumer.track as unknown as MediaTrack;
    this.#received.set(c.id, { consumer, ref: { peerId: c.peerId, label: c.label }, frames: c.kind === 'video' ? new FrameCounter(track) : undefined });
    await this.room.resumeConsumer(this.peerId, c.id);
  }

  #drop(consumerId: string): void {
    const r = this.#received.get(consumerId);
    if (!r) return;
    this.#received.delete(consumerId);
    r.frames?.stop();
    r.consumer.close();
  }

  /** outbound-rtp of the camera, per encoding, and the send transport's bandwidth estimate (bit/s). */
  async encodings(): Promise<{ availableOutgoingBitrate: number | undefined; encodings: Array<{ rid: string | undefined; width: number | undefined; height: number | undefined; packets: number; bytes: number }> }> {
    const encodings: Array<{ rid: string | undefined; width: number | undefined; height: number | undefined; packets: number; bytes: number }> = [];
    let availableOutgoingBitrate: number | undefined;
    if (!this.#send) return { availableOutgoingBitrate, encodings };
    ((await this.#send.getStats()) as unknown as StatsReport).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        encodings.push({
          rid: s.rid as string | undefined,
          width: s.frameWidth as number | undefined,
          height: s.frameHeight as number | undefined,
          packets: Number(s.packetsSent ?? 0),
          bytes: Number(s.bytesSent ?? 0),
        });
      }
      if (s.type === 'candidate-pair' && s.nominated && typeof s.availableOutgoingBitrate === 'number') availableOutgoingBitrate = s.availableOutgoingBitrate;
    });
    return { availableOutgoingBitrate, encodings };
  }

  /** Streams received now, "peerId/label". */
  streams(): string[] {
    return [...this.#received.values()].map((r) => `${r.ref.peerId}/${r.ref.label}`).sort();
  }

  /** Counters of every stream received, keyed "peerId/label". */
  async counters(): Promise<Map<string, StreamCounters>> {
    const out = new Map<string, StreamCounters>();
    if (!this.#recv) return out;
    const byMid = new Map([...this.#received.values()].map((r) => [r.consumer.rtpParameters.mid, r]));
    ((await this.#recv.getStats()) as unknown as StatsReport).forEach((s) => {
      if (s.type !== 'inbound-rtp' || typeof s.mid !== 'string') return;
      const r = byMid.get(s.mid);
      if (!r) return;
      out.set(`${r.ref.peerId}/${r.ref.label}`, {
        kind: String(s.kind),
        packets: Number(s.packetsReceived ?? 0),
        framesDecoded: Number(s.framesDecoded ?? 0),
        sinkFrames: r.frames?.frames ?? 0,
        width: r.frames?.width ?? 0,
        height: r.frames?.height ?? 0,
      });
    });
    return out;
  }

  async of(ref: StreamRef): Promise<StreamCounters | undefined> {
    return (await this.counters()).get(`${ref.peerId}/${ref.label}`);
  }

  /** Waits until `ref` has received `packets` more packets (and, for video, a decoded frame more). */
  async waitFlowing(ref: StreamRef, timeoutMs = 10_000, packets = 8): Promise<StreamCounters> {
    const start = (await this.of(ref)) ?? { packets: 0, sinkFrames: 0 };
    return waitFor(
      `media of ${ref.peerId}/${ref.label} at ${this.peerId}`,
      async () => {
        const c = await this.of(ref);
        if (!c || c.packets < start.packets + packets) return undefined;
        if (c.kind === 'video' && c.sinkFrames <= start.sinkFrames) return undefined;
        return c;
      },
      timeoutMs,
    );
  }

  /** Closes everything client side (the room is not told: call removePeer for that). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.room.off('consumersChanged', this.#listener);
    for (const id of [...this.#received.keys()]) this.#drop(id);
    for (const p of this.#producers.values()) p.close();
    for (const s of this.#sources) s.stop();
    this.#send?.close();
    this.#recv?.close();
  }
}

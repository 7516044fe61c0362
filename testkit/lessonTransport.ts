/**
 * The media of a LessonBot on a server that negotiates with transports (mediasoup), through the
 * real signaling: mediasoup-client's Device in Node on @roamhq/wrtc, MediaSetup for both
 * transports, a producer per source (the shared synthetic tone and frames), consumers for what
 * ConsumersChanged announces (then ResumeConsumer), per-stream counters. A MediaReset or a
 * restart builds everything again, as the browser client does.
 */
import { Device, type types as client } from 'mediasoup-client';
import { clientRouterCapabilities, clientRtpParameters, clientTransportOptions } from '../bench/lib/transportPublisher.js';
import type { BotConsumersChange, Source, TransportSignal } from '../bench/lib/transportSignal.js';
import type { RtpCapabilities } from '../proto/index.js';
import { FrameCounter, syntheticAudio, syntheticVideo, type MediaTrack, type StatsReport, type StreamCounters, type SyntheticTrack } from './mediaSources.js';

/** The track type mediasoup-client's produce() takes (the DOM's MediaStreamTrack: wrtc's object). */
type ClientTrack = NonNullable<NonNullable<Parameters<client.Transport['produce']>[0]>['track']>;

interface Received {
  consumer: client.Consumer;
  key: string;
  frames: FrameCounter | undefined;
}

export class LessonTransport {
  readonly #signal: TransportSignal;
  readonly #caps: RtpCapabilities;
  readonly #device = new Device({ handlerName: 'Chrome111' });
  #send: client.Transport | undefined;
  #recv: client.Transport | undefined;
  readonly #sources: SyntheticTrack[] = [];
  readonly #producers = new Map<Source, client.Producer>();
  readonly #received = new Map<string, Received>();
  /** Changes for a receive transport not created yet (a push may overtake the MediaSetupResponse). */
  #early: BotConsumersChange[] = [];
  #closed = false;

  /** The media ports of the receive transport's candidates (which node's engine it is on). */
  recvPorts: number[] = [];

  constructor(signal: TransportSignal, routerCapabilities: RtpCapabilities) {
    this.#signal = signal;
    this.#caps = routerCapabilities;
  }

  /** Creates both transports (MediaSetup), dropping what the bot had. */
  async setup(): Promise<void> {
    this.#drop();
    if (!this.#device.loaded) await this.#device.load({ routerRtpCapabilities: clientRouterCapabilities(this.#caps) });
    const { send, recv } = await this.#signal.mediaSetup(this.#device.rtpCapabilities);
    this.#send = this.#device.createSendTransport(clientTransportOptions(send));
    this.#recv = this.#device.createRecvTransport(clientTransportOptions(recv));
    this.recvPorts = recv.iceCandidates.map((c) => c.port);
    for (const [t, direction] of [[this.#send, 'send'], [this.#recv, 'recv']] as const) {
      t.on('connect', ({ dtlsParameters }, callback, errback) => void this.#signal.connectTransport(direction, dtlsParameters).then(callback, errback));
    }
    this.#send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      void this.#signal.produce(appData['source'] as Source, kind, rtpParameters).then((id) => callback({ id }), errback);
    });
    const early = this.#early.filter((c) => c.transportId === recv.id);
    this.#early = [];
    for (const change of early) await this.apply(change);
  }

  /** Sends the microphone (a tone) and the camera (moving frames; 3 encodings low -> high with `simulcast`). */
  async publish(simulcast: boolean): Promise<void> {
    await this.produce('microphone', syntheticAudio());
    const encodings = simulcast
      ? [
          { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
          { scaleResolutionDownBy: 2, maxBitrate: 400_000 },
          { maxBitrate: 1_200_000 },
        ]
      : undefined;
    await this.produce('camera', syntheticVideo(320, 240, 15), encodings);
  }

  async produce(source: Source, track: SyntheticTrack, encodings?: client.RtpEncodingParameters[]): Promise<void> {
    const send = this.#send;
    if (!send) throw new Error('no send transport: setup() first');
    this.#sources.push(track);
    this.#producers.get(source)?.close();
    // wrtc's track object, typed by mediasoup-client as the DOM's MediaStreamTrack.
    const producer = await send.produce({ track: track.track as unknown as ClientTrack, ...(encodings ? { encodings } : {}), stopTracks: false, appData: { source } });
    this.#producers.set(source, producer);
  }

  /** Applies a ConsumersChanged push (consume, then ResumeConsumer); kept if its transport is not here yet. */
  async apply(change: BotConsumersChange): Promise<void> {
    const recv = this.#recv;
    if (this.#closed) return;
    if (!recv || recv.id !== change.transportId) {
      this.#early.push(change);
      return;
    }
    for (const id of change.removed) this.#forget(id);
    for (const c of change.added) {
      if (this.#received.has(c.id)) continue;
      const consumer = await recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: clientRtpParameters(c.rtpParameters) });
      const track = consumer.track as unknown as MediaTrack;
      this.#received.set(c.id, { consumer, key: `${c.participantId}/${c.source}`, frames: c.kind === 'video' ? new FrameCounter(track) : undefined });
      await this.#signal.resumeConsumer(c.id);
    }
  }

  /** The receive transport in use (a new object after each set-up); undefined between two. */
  get receiving(): object | undefined {
    return this.#recv;
  }

  /** "participantId/source" of every stream received now. */
  streams(): string[] {
    return [...this.#received.values()].map((r) => r.key).sort();
  }

  async counters(): Promise<Map<string, StreamCounters>> {
    const out = new Map<string, StreamCounters>();
    const recv = this.#recv;
    if (!recv) return out;
    const byMid = new Map([...this.#received.values()].map((r) => [r.consumer.rtpParameters.mid, r]));
    ((await recv.getStats()) as unknown as StatsReport).forEach((s) => {
      if (s.type !== 'inbound-rtp' || typeof s.mid !== 'string') return;
      const r = byMid.get(s.mid);
      if (!r) return;
      out.set(r.key, {
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

  #forget(consumerId: string): void {
    const r = this.#received.get(consumerId);
    if (!r) return;
    this.#received.delete(consumerId);
    r.frames?.stop();
    r.consumer.close();
  }

  #drop(): void {
    for (const id of [...this.#received.keys()]) this.#forget(id);
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    for (const s of this.#sources.splice(0)) s.stop();
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#drop();
  }
}

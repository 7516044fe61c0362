/**
 * A typed in-memory MediaEngine whose rooms negotiate with transports, for unit tests of the
 * signaling's media rules (LessonMedia). It records every call and lets the test emit the
 * engine's events; it has no media. Declarative subscriptions are kept as given.
 */
import { NotFoundError, TypedEmitter, ValidationError } from '../../../platform/index.js';
import type {
  ConsumersChange,
  DtlsParameters,
  IceParameters,
  MediaEngine,
  MediaEngineEvents,
  MediaEngineStats,
  MediaKind,
  MediaRoomEvents,
  PublishedStream,
  RtpCapabilities,
  RtpParameters,
  StreamLabel,
  StreamListener,
  StreamRef,
  StreamTap,
  TapTarget,
  TransportDirection,
  MediaRoom,
  TransportOptions,
  VideoLayer,
} from '../../../sfu/index.js';
import { FakeStreamListener } from './FakeStreamListener.js';

export const FAKE_ROUTER_CAPABILITIES: RtpCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 },
  ],
  headerExtensions: [],
};

export function fakeTransportOptions(id: string, direction: TransportDirection = 'recv'): TransportOptions {
  return {
    id,
    direction,
    iceParameters: { usernameFragment: `u-${id}`, password: `p-${id}`, iceLite: true },
    iceCandidates: [{ foundation: 'udp', priority: 1, address: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host' }],
    dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
  };
}

export type FakeCall = { op: string; peerId?: string; args?: unknown };

export class FakeTransportRoom extends TypedEmitter<MediaRoomEvents> implements MediaRoom {
  readonly rtpCapabilities = FAKE_ROUTER_CAPABILITIES;
  readonly calls: FakeCall[] = [];
  readonly subscriptions = new Map<string, StreamRef[]>();
  /** Every setSubscriptions call, in order ("peer/label" per stream). */
  readonly subscriptionLog: Array<{ peerId: string; streams: string[] }> = [];
  readonly layers = new Map<string, VideoLayer>();
  /** "peer/label" -> enabled, as last set. */
  readonly enabled = new Map<string, boolean>();
  /** Listeners made by listen(), open or closed, in order. */
  readonly listeners: FakeStreamListener[] = [];
  readonly #streams = new Map<string, PublishedStream>();
  #next = 0;
  #closed = false;
  /** Called inside connectPeer before it resolves (to emit events "meanwhile"). */
  duringConnect: ((peerId: string) => void) | undefined;

  constructor(readonly id: string) {
    super();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Emits an engine event; a 'reset' first closes the listeners, as the engine's loss does. */
  emitEvent<K extends keyof MediaRoomEvents & string>(event: K, ...args: MediaRoomEvents[K]): void {
    if (event === 'reset') this.#endListeners(() => true, 'room reset');
    this.safeEmit(event, ...args);
  }

  async connectPeer(peerId: string, rtpCapabilities: RtpCapabilities): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    this.calls.push({ op: 'connectPeer', peerId, args: rtpCapabilities });
    const n = ++this.#next;
    await Promise.resolve();
    this.duringConnect?.(peerId);
    return { send: fakeTransportOptions(`send-${n}`, 'send'), recv: fakeTransportOptions(`recv-${n}`, 'recv') };
  }

  async connectTransport(peerId: string, direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    this.calls.push({ op: 'connectTransport', peerId, args: { direction, dtlsParameters } });
  }

  async produce(peerId: string, track: { label: StreamLabel; kind: MediaKind; rtpParameters: RtpParameters }): Promise<{ producerId: string }> {
    this.calls.push({ op: 'produce', peerId, args: track.label });
    this.#endListeners((l) => l.stream.peerId === peerId && l.stream.label === track.label, 'unpublished'); // a replaced stream
    this.#streams.set(`${peerId}/${track.label}`, { peerId, label: track.label, kind: track.kind, mid: '', simulcast: (track.rtpParameters.encodings?.length ?? 0) > 1 });
    this.safeEmit('streamsChanged', this.streams());
    return { producerId: `producer-${++this.#next}` };
  }

  async unpublish(peerId: string, label: StreamLabel): Promise<void> {
    this.calls.push({ op: 'unpublish', peerId, args: label });
    this.#endListeners((l) => l.stream.peerId === peerId && l.stream.label === label, 'unpublished');
    if (this.#streams.delete(`${peerId}/${label}`)) this.safeEmit('streamsChanged', this.streams());
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    this.calls.push({ op: 'resumeConsumer', peerId, args: consumerId });
  }

  async restartIce(peerId: string, direction: TransportDirection): Promise<IceParameters> {
    this.calls.push({ op: 'restartIce', peerId, args: direction });
    return { usernameFragment: `u${++this.#next}`, password: 'p', iceLite: true };
  }

  /** The fake has no media to copy: a tap is refused as for a stream that is not published. */
  async tap(stream: StreamRef, target: TapTarget): Promise<StreamTap> {
    this.calls.push({ op: 'tap', peerId: stream.peerId, args: { label: stream.label, port: target.port } });
    throw new NotFoundError('stream not published');
  }

  /** A listener of a published audio stream; refused like the engine refuses (not published, not audio). */
  async listen(peerId: string, stream: StreamRef): Promise<StreamListener> {
    this.calls.push({ op: 'listen', peerId, args: { peerId: stream.peerId, label: stream.label } });
    await Promise.resolve();
    const published = this.#streams.get(`${stream.peerId}/${stream.label}`);
    if (!published) throw new NotFoundError('stream not published');
    if (published.kind !== 'audio') throw new ValidationError('only an audio stream can be listened to');
    const n = ++this.#next;
    const listener = new FakeStreamListener(n, peerId, stream, fakeTransportOptions(`listen-${n}`));
    this.listeners.push(listener);
    return listener;
  }

  async setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void> {
    this.subscriptionLog.push({ peerId, streams: streams.map((r) => `${r.peerId}/${r.label}`) });
    this.subscriptions.set(peerId, streams);
  }

  async setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void> {
    this.layers.set(`${peerId}<-${stream.peerId}/${stream.label}`, layer);
  }

  async setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void> {
    this.calls.push({ op: 'setStreamEnabled', peerId: stream.peerId, args: { label: stream.label, enabled } });
    this.enabled.set(`${stream.peerId}/${stream.label}`, enabled);
  }

  streams(): PublishedStream[] {
    return [...this.#streams.values()];
  }

  async removePeer(peerId: string): Promise<void> {
    this.calls.push({ op: 'removePeer', peerId });
    this.#endListeners((l) => l.peerId === peerId, 'peer removed');
    this.#endListeners((l) => l.stream.peerId === peerId, 'unpublished');
    let changed = false;
    for (const [key, s] of this.#streams) if (s.peerId === peerId) changed = this.#streams.delete(key) || changed;
    for (const key of [...this.enabled.keys()]) if (key.startsWith(`${peerId}/`)) this.enabled.delete(key);
    this.subscriptions.delete(peerId);
    if (changed) this.safeEmit('streamsChanged', this.streams());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#endListeners(() => true, 'room closed');
    this.safeEmit('closed');
  }

  #endListeners(which: (l: FakeStreamListener) => boolean, reason: Parameters<FakeStreamListener['end']>[0]): void {
    for (const l of this.listeners) if (!l.closed && which(l)) l.end(reason);
  }

  consumersChanged(peerId: string, change: ConsumersChange): void {
    this.safeEmit('consumersChanged', peerId, change);
  }
}

export class FakeTransportEngine extends TypedEmitter<MediaEngineEvents> implements MediaEngine {
  readonly kind = 'mediasoup' as const;
  readonly closed = false;
  readonly ready = true;
  readonly rooms = new Map<string, FakeTransportRoom>();

  async createRoom(id: string): Promise<FakeTransportRoom> {
    const room = new FakeTransportRoom(id);
    this.rooms.set(id, room);
    return room;
  }

  room(id: string): FakeTransportRoom | undefined {
    return this.rooms.get(id);
  }

  stats(): MediaEngineStats {
    return { instancesConfigured: 1, instancesUp: 1, restarts: 0, rooms: this.rooms.size };
  }

  /** No processes behind this fake. */
  instancePids(): Record<string, number | undefined> {
    return {};
  }

  /** One (pretend) instance: every peer of an open room is on it. */
  instanceOfPeer(roomId: string): string | undefined {
    return this.rooms.has(roomId) ? 'fake-0' : undefined;
  }

  async close(): Promise<void> {
    for (const room of this.rooms.values()) await room.close();
  }
}

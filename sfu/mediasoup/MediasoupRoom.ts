/**
 * A media room (MediaRoom) backed by a mediasoup router. The room outlives the worker
 * it is on: when that worker dies, the engine calls lost(), the room drops every peer's state,
 * and place() re-creates it on a worker that is up; then `reset` is emitted. Calls made
 * meanwhile wait for the new placement (at most `recreateWaitMs`) or fail with an
 * UnavailableError. See docs/closures.md.
 */
import type { types } from 'mediasoup';
import {
  ClosedError,
  TypedEmitter,
  UnavailableError,
  ValidationError,
  deferred,
  withTimeout,
  type Deferred,
  type Logger,
} from '../../platform/index.js';
import { checkId, checkRef, checkRefs, isVideoLayer } from '../checks.js';
import type { MediaKind, MediaRoom, PublishedStream, StreamLabel, StreamListener, StreamRef, StreamTap, TapTarget, VideoLayer } from '../MediaEngineTypes.js';
import type { SfuMetrics } from '../metrics.js';
import type { DtlsParameters, IceParameters, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from '../TransportNegotiationTypes.js';
import type { MediasoupRoomEvents, ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';
import { validated } from './mediasoupErrors.js';
import { capabilitiesToMediasoup, dtlsToMediasoup, isMediaKind, parametersToMediasoup } from './ortcMapping.js';
import type { PipedStreamInfo } from './PipedStreams.js';
import { RoomOnWorker } from './RoomOnWorker.js';
import type { RoomOnWorkerHooks } from './RoomOnWorkerTypes.js';
import type { WorkerHost } from './WorkerHost.js';

export interface MediasoupRoomDeps {
  options: ResolvedMediasoupOptions;
  log: Logger;
  metrics: SfuMetrics;
  /** The capabilities every router of the engine has (peer-filtered), known before placement. */
  rtpCapabilities: RtpCapabilities;
  /** Called once, when the room closed by itself (close()), so the engine forgets it. */
  onClosed(room: MediasoupRoom): void;
  /** The worker for a new peer of a room whose origin is on `origin` (the engine's load-based choice). */
  pickWorker(origin: WorkerHost): WorkerHost | undefined;
}

const MAX_LABEL_LENGTH = 64;

function checkDirection(direction: unknown): asserts direction is TransportDirection {
  if (direction !== 'send' && direction !== 'recv') throw new ValidationError('invalid transport direction');
}

export class MediasoupRoom extends TypedEmitter<MediasoupRoomEvents> implements MediaRoom {
  readonly id: string;
  readonly rtpCapabilities: RtpCapabilities;
  readonly #deps: MediasoupRoomDeps;
  #closed = false;
  #current: RoomOnWorker | null = null;
  /** The worker the room is on or is being placed on (for placement counts). */
  #target: WorkerHost | null = null;
  /** Bumped by lost(): a placement started before it must not be used. */
  #epoch = 0;
  readonly #waiters = new Set<Deferred<RoomOnWorker>>();
  /** Server-side mutes, by peer then label; dropped with the peer's state (removePeer, reset). */
  readonly #disabled = new Map<string, Set<string>>();
  #lastStreams = '[]';

  constructor(id: string, deps: MediasoupRoomDeps) {
    super((event, error) => deps.log.error({ err: error, event, room: id }, 'sfu room listener threw'));
    this.id = id;
    this.#deps = deps;
    this.rtpCapabilities = deps.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Id of the worker the room is on (or being re-created on). */
  get instanceId(): string | undefined {
    return this.#target?.id;
  }

  get peerCount(): number {
    return this.#current?.peerCount ?? 0;
  }

  get consumerCount(): number {
    return this.#current?.consumerCount ?? 0;
  }

  /** What the room costs worker `hostId` (its peers there; their consumers and the pipes in). */
  loadOn(hostId: string): { peers: number; consumers: number } {
    return this.#current?.loadOn(hostId) ?? { peers: 0, consumers: 0 };
  }

  /** Id of the worker `peerId`'s transports are on, if it connected. */
  workerOf(peerId: string): string | undefined {
    return this.#current?.workerOf(peerId);
  }

  /** The room's routers by worker, the origin first (tests and tools). */
  routers(): Array<{ worker: string; origin: boolean; peers: number; pipes: number }> {
    return this.#current?.routers() ?? [];
  }

  // ---- engine side ----

  /** Creates the room's router on `host`; with `resetReason`, emits `reset` once it is usable. */
  async place(host: WorkerHost, resetReason?: string): Promise<void> {
    if (this.#closed) throw new ClosedError('media room');
    const epoch = this.#epoch;
    this.#target = host;
    const created = await RoomOnWorker.create(host, this.#deps.options, this.#hooks());
    if (this.#closed || epoch !== this.#epoch || !host.up) {
      if (host.up) created.close();
      else created.parentClosed();
      if (this.#closed) throw new ClosedError('media room');
      throw new UnavailableError(`media server ${host.id} stopped while the room was created`);
    }
    this.#current = created;
    for (const w of this.#waiters) w.resolve(created);
    this.#deps.log.info({ room: this.id, worker: host.id, router: created.router.id, reset: resetReason !== undefined }, 'sfu: room placed');
    if (resetReason !== undefined) this.safeEmit('reset', resetReason);
  }

  /** The worker died: every peer's state is dropped (nothing is told to the worker, it is gone). */
  lost(): void {
    this.#epoch++;
    const current = this.#current;
    this.#current = null;
    current?.parentClosed();
    this.#lastStreams = '[]';
    this.#disabled.clear();
  }

  /** The engine is shutting down and closes the workers itself: close without telling them. */
  engineClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#current?.parentClosed('room closed');
    this.#current = null;
    this.#rejectWaiters();
    this.safeEmit('closed');
    this.removeAllListeners();
  }

  // ---- MediaRoom ----

  async connectPeer(peerId: string, rtpCapabilities: RtpCapabilities): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    checkId('peer id', peerId);
    const caps = validated('rtpCapabilities', () => capabilitiesToMediasoup(rtpCapabilities));
    const { send, recv } = await (await this.#usable()).connectPeer(peerId, caps);
    if (!send || !recv) throw new Error('connectPeer made one transport only');
    return { send, recv };
  }

  /**
   * Only one of the peer's transports, here: its other side is on another node (SpreadRoom's send
   * side of a peer that receives on an edge; EdgeRoomHost's receive side of it). No idle transport
   * on either node.
   */
  async connectPeerSide(peerId: string, rtpCapabilities: RtpCapabilities, direction: TransportDirection): Promise<TransportOptions> {
    checkId('peer id', peerId);
    checkDirection(direction);
    const caps = validated('rtpCapabilities', () => capabilitiesToMediasoup(rtpCapabilities));
    const made = (await (await this.#usable()).connectPeer(peerId, caps, direction))[direction];
    if (!made) throw new Error(`connectPeer made no ${direction} transport`);
    return made;
  }

  async connectTransport(peerId: string, direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    checkId('peer id', peerId);
    checkDirection(direction);
    const dtls = validated('dtlsParameters', () => dtlsToMediasoup(dtlsParameters));
    await (await this.#usable()).connectTransport(peerId, direction, dtls);
  }

  async produce(peerId: string, track: { label: StreamLabel; kind: MediaKind; rtpParameters: RtpParameters }): Promise<{ producerId: string }> {
    checkId('peer id', peerId);
    if (typeof track !== 'object' || track === null) throw new ValidationError('invalid track');
    checkId('stream label', track.label);
    if (track.label.length > MAX_LABEL_LENGTH) throw new ValidationError('invalid stream label');
    if (!isMediaKind(track.kind)) throw new ValidationError('invalid media kind');
    const params: types.RtpParameters = validated('rtpParameters', () => parametersToMediasoup(track.rtpParameters));
    // mediasoup matches codecs by name, whatever the kind: an Opus "video" stream would pass.
    if (!params.codecs.every((c) => c.mimeType.toLowerCase().startsWith(`${track.kind}/`))) {
      throw new ValidationError(`Invalid media parameters: every codec of a ${track.kind} stream must be a ${track.kind} codec`);
    }
    return (await this.#usable()).produce(peerId, track.label, track.kind, params);
  }

  async unpublish(peerId: string, label: StreamLabel): Promise<void> {
    checkId('peer id', peerId);
    checkId('stream label', label);
    await this.#current?.unpublish(peerId, label);
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    checkId('peer id', peerId);
    checkId('consumer id', consumerId);
    await (await this.#usable()).resumeConsumer(peerId, consumerId);
  }

  async restartIce(peerId: string, direction: TransportDirection): Promise<IceParameters> {
    checkId('peer id', peerId);
    checkDirection(direction);
    return (await this.#usable()).restartIce(peerId, direction);
  }

  async tap(stream: StreamRef, target: TapTarget): Promise<StreamTap> {
    checkRef(stream);
    if (typeof target !== 'object' || target === null) throw new ValidationError('invalid tap target');
    const ip = target.ip ?? '127.0.0.1';
    if (typeof ip !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) throw new ValidationError('invalid tap address');
    if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) throw new ValidationError('invalid tap port');
    return (await this.#usable()).tap(stream, { ip, port: target.port });
  }

  async listen(peerId: string, stream: StreamRef): Promise<StreamListener> {
    checkId('peer id', peerId);
    checkRef(stream);
    return (await this.#usable()).listen(peerId, stream);
  }

  async setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void> {
    checkId('peer id', peerId);
    checkRefs(streams);
    await (await this.#usable()).setSubscriptions(peerId, streams);
    this.safeEmit('subscriptionsChanged', peerId);
  }

  async setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void> {
    checkId('peer id', peerId);
    checkRef(stream);
    if (!isVideoLayer(layer)) throw new ValidationError('invalid video layer');
    await (await this.#usable()).setLayer(peerId, stream, layer);
  }

  async setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void> {
    checkRef(stream);
    const labels = this.#disabled.get(stream.peerId) ?? new Set<string>();
    if (enabled) labels.delete(stream.label);
    else labels.add(stream.label);
    if (labels.size > 0) this.#disabled.set(stream.peerId, labels);
    else this.#disabled.delete(stream.peerId);
    // A mute set before the peer publishes applies when it does (produce() starts it paused).
    await this.#current?.applyMute(stream.peerId, stream.label);
  }

  streams(): PublishedStream[] {
    return this.#current?.streams() ?? [];
  }

  async removePeer(peerId: string): Promise<void> {
    checkId('peer id', peerId);
    this.#disabled.delete(peerId);
    await this.#current?.removePeer(peerId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const current = this.#current;
    this.#current = null;
    this.#rejectWaiters();
    current?.close();
    this.safeEmit('closed');
    this.removeAllListeners();
    this.#deps.onClosed(this);
  }

  // ---- node-to-node pipes (NodePipes) ----

  /**
   * The room's origin router now (waiting for a re-creation in progress) and a token that
   * changes with every placement: a pipe made on one placement is useless on the next.
   */
  async pipeRouter(): Promise<{ router: types.Router; placement: number }> {
    const current = await this.#usable();
    return { router: current.router, placement: this.#epoch };
  }

  /** Whether `placement` (from pipeRouter) is still the room's current one. */
  isPlacement(placement: number): boolean {
    return !this.#closed && this.#current !== null && placement === this.#epoch;
  }

  /** Streams published by the room's own peers, with their producer ids. */
  localStreams(): PipedStreamInfo[] {
    return this.#current?.localStreams() ?? [];
  }

  /** A producer of the room's own peers on the origin router (RoomOnWorker.originProducer). */
  async originProducer(producerId: string): Promise<types.Producer | undefined> {
    return (await this.#usable()).originProducer(producerId);
  }

  /** Whether a peer of the room wants stream `ref` now (an edge asks its owner only for those). */
  wants(ref: { peerId: string; label: string }): boolean {
    return this.#current?.wants(JSON.stringify([ref.peerId, ref.label])) ?? false;
  }

  /** Offers a producer piped in from another node as stream `ref` (RoomOnWorker.adoptPiped). */
  async adoptPiped(ref: StreamRef, producer: types.Producer): Promise<void> {
    checkRef(ref);
    await (await this.#usable()).adoptPiped(ref, producer);
  }

  // ---- internals ----

  #hooks(): RoomOnWorkerHooks {
    return {
      log: this.#deps.log.child({ room: this.id }),
      metrics: this.#deps.metrics,
      isDisabled: (peerId, label) => this.#disabled.get(peerId)?.has(label) ?? false,
      streamsChanged: () => this.#streamsChanged(),
      consumersChanged: (peerId, change) => this.safeEmit('consumersChanged', peerId, change),
      talking: (peerId, on) => this.safeEmit('talking', peerId, on),
      activeSpeaker: (peerId) => this.safeEmit('activeSpeaker', peerId),
      pickWorker: (origin) => this.#deps.pickWorker(origin),
      peerReset: (peerId, reason) => this.safeEmit('peerReset', peerId, reason),
    };
  }

  #streamsChanged(): void {
    const streams = this.streams();
    const json = JSON.stringify(streams);
    if (json === this.#lastStreams) return;
    this.#lastStreams = json;
    this.safeEmit('streamsChanged', streams);
  }

  /** The current placement, waiting for a re-creation in progress. */
  async #usable(): Promise<RoomOnWorker> {
    if (this.#closed) throw new ClosedError('media room');
    if (this.#current) return this.#current;
    const d = deferred<RoomOnWorker>();
    this.#waiters.add(d);
    try {
      return await withTimeout(d.promise, this.#deps.options.recreateWaitMs, 'media room re-creation');
    } catch (err) {
      if (err instanceof UnavailableError) throw err;
      throw new UnavailableError('The media server is restarting, try again shortly', { cause: err });
    } finally {
      this.#waiters.delete(d);
    }
  }

  #rejectWaiters(): void {
    for (const w of this.#waiters) w.reject(new ClosedError('media room'));
    this.#waiters.clear();
  }
}

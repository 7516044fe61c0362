/**
 * One life of a media room whose origin is on one mediasoup worker: the origin router, its two
 * observers (Speakers), the routers on other workers its audience spread onto (RoomRouters, the
 * cascade) and the peers' transports, producers and consumers. When the origin's worker dies,
 * the whole object is dropped with parentClosed() and a new one is made on another (or the
 * restarted) worker; when another worker of the room dies, only its peers start over. What a peer
 * publishes is kept by RoomProducers, what it receives follows its wishes in consumers.ts.
 *
 * Every change goes through the room's serial queue (conventions §12), so a produce, the
 * consumers it causes and a later unpublish happen in the order they were asked. After every
 * await a task re-checks `closed`: the worker may have died meanwhile (§3).
 */
import type { types } from 'mediasoup';
import { ClosedError, ConflictError, NotFoundError, ValidationError } from '../../platform/index.js';
import { streamKey } from '../checks.js';
import type { MediaKind, PublishedStream, StreamRef, TapTarget, VideoLayer } from '../MediaEngineTypes.js';
import type { IceParameters, RtpCapabilities, TransportDirection, TransportOptions } from '../TransportNegotiationTypes.js';
import { reconcileConsumers, applyLayer, type ConsumerContext } from './consumers.js';
import type { ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';
import { capabilitiesFromMediasoup, iceFromMediasoup } from './ortcMapping.js';
import { closePeerTransports, createPeerTransports, peerTransportOptions } from './peerTransports.js';
import { Peer } from './Peer.js';
import { PipedStreams, localStreamsOf, producerById, type PipedStreamInfo } from './PipedStreams.js';
import { ROUTER_MEDIA_CODECS, peerCapabilities } from './routerCodecs.js';
import { traceTransportStates } from './keyFrameTrace.js';
import type { RoomOnWorkerHooks } from './RoomOnWorkerTypes.js';
import { RoomProducers } from './RoomProducers.js';
import { RoomQueue } from './RoomQueue.js';
import { RoomRouters } from './RoomRouters.js';
import { RouterSlot } from './RouterSlot.js';
import { Speakers } from './Speakers.js';
import { OriginCopies } from './OriginCopies.js';
import type { MediasoupStreamListener } from './StreamListener.js';
import type { MediasoupStreamTap } from './StreamTap.js';
import { timed } from './timed.js';
import type { WorkerHost } from './WorkerHost.js';

export class RoomOnWorker {
  readonly host: WorkerHost;
  readonly router: types.Router;
  /** What peers load (the router's capabilities, transport-cc withheld unless enabled). */
  readonly rtpCapabilities: RtpCapabilities;
  readonly #routers: RoomRouters;
  readonly #producers: RoomProducers;
  readonly #options: ResolvedMediasoupOptions;
  readonly #hooks: RoomOnWorkerHooks;
  readonly #speakers: Speakers;
  readonly #queue: RoomQueue;
  readonly #peers = new Map<string, Peer>();
  /** Streams piped in from another node (an edge's copy of the owner's streams). */
  readonly #piped = new PipedStreams();
  readonly #consumers: ConsumerContext;
  readonly #copies: OriginCopies;
  #closed = false;

  private constructor(origin: RouterSlot, speakers: Speakers, options: ResolvedMediasoupOptions, hooks: RoomOnWorkerHooks) {
    const router = origin.router;
    this.host = origin.host;
    this.router = router;
    this.#routers = new RoomRouters(origin, {
      log: hooks.log,
      metrics: hooks.metrics,
      pickWorker: (o) => hooks.pickWorker(o),
      slotLost: (slot, peers, reason) => this.#slotLost(slot, peers, reason),
    });
    this.#speakers = speakers;
    this.#options = options;
    this.#hooks = hooks;
    this.#queue = new RoomQueue(`media room on ${origin.host.id}`, hooks.log);
    this.#copies = new OriginCopies({ metrics: hooks.metrics, log: hooks.log, closed: () => this.#closed });
    this.rtpCapabilities = capabilitiesFromMediasoup(peerCapabilities(router.rtpCapabilities, options.transportWideCc));
    // The worker closed or died: mediasoup closes the router, then its transports (their events
    // must announce nothing: the engine reports the loss as a whole, with `reset`).
    router.once('workerclose', () => this.parentClosed());
    this.#consumers = {
      metrics: hooks.metrics,
      log: hooks.log,
      closed: () => this.#closed,
      producerOf: (ref) => this.#peers.get(ref.peerId)?.producers.get(ref.label) ?? this.#piped.producer(ref),
      canConsume: (producer, caps) => this.#producers.slotOf(producer).router.canConsume({ producerId: producer.id, rtpCapabilities: caps }),
      onRouterOf: (peer, producer) => (peer.slot ?? this.#routers.origin).take(producer, this.#producers.slotOf(producer)),
      announce: (peerId, change) => {
        if (!this.#closed) this.#hooks.consumersChanged(peerId, change);
      },
    };
    this.#producers = new RoomProducers({
      hooks,
      speakers,
      origin: this.#routers.origin,
      closed: () => this.#closed,
      routerClosed: () => router.closed,
      peers: () => this.#peers.values(),
      announce: this.#consumers.announce,
    });
  }

  /** Creates the room's router (and its observers) on `host`'s worker. */
  static async create(host: WorkerHost, options: ResolvedMediasoupOptions, hooks: RoomOnWorkerHooks): Promise<RoomOnWorker> {
    const { worker, webRtcServer } = host.serving();
    const router = await timed(hooks.metrics, 'createRouter', () => worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }));
    try {
      // Speakers stop reporting once the room closes (parentClosed → speakers.closed()).
      const speakers = await timed(hooks.metrics, 'createObservers', () =>
        Speakers.create(router, options, { log: hooks.log, talking: hooks.talking, activeSpeaker: hooks.activeSpeaker }),
      );
      return new RoomOnWorker(new RouterSlot(host, router, webRtcServer, true, hooks.metrics), speakers, options, hooks);
    } catch (err) {
      router.close();
      throw err;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  /** Whether a peer wants stream `key` (streamKey): an edge pipes in only what its peers want. */
  wants(key: string): boolean {
    return [...this.#peers.values()].some((p) => p.wanted.has(key));
  }

  get consumerCount(): number {
    let n = 0;
    for (const p of this.#peers.values()) n += p.consumers.size;
    return n;
  }

  /** What the room costs worker `hostId` (RoomRouters.loadOn). */
  loadOn(hostId: string): { peers: number; consumers: number } {
    return this.#routers.loadOn(hostId, this.#peers.values());
  }

  /** Id of the worker `peerId`'s transports are on, if it connected. */
  workerOf(peerId: string): string | undefined {
    const slot = this.#peers.get(peerId)?.slot;
    return slot && !slot.closed ? slot.host.id : undefined;
  }

  // ---- operations (each one task of the room's queue) ----

  /**
   * The peer's transports, made anew (the old ones are closed): both, or with `only` just that
   * side, when the other is on another node (an owner's peer that receives on an edge sends here
   * and the edge receives it; docs/cluster.md "One lesson over several nodes").
   */
  connectPeer(peerId: string, caps: types.RtpCapabilities, only?: TransportDirection): Promise<{ send?: TransportOptions; recv?: TransportOptions }> {
    return this.#queue.push('connectPeer', async () => {
      const peer = this.#peer(peerId);
      peer.closeTransports();
      peer.caps = caps;
      if (!peer.slot || peer.slot.closed) {
        const slot = await this.#routers.place();
        if (this.#closed || this.#peers.get(peerId) !== peer) throw new ClosedError('media room');
        peer.slot = slot;
        this.#routers.join(slot, peer.id);
      }
      const made = await createPeerTransports(only, (direction) => this.#createTransport(peer, direction));
      if (this.#closed || this.#peers.get(peerId) !== peer) {
        closePeerTransports(made);
        throw new ClosedError('media room');
      }
      peer.send = made.send;
      peer.recv = made.recv;
      // Consumers for what the peer already wants: announced after the caller has answered.
      if (made.recv) setImmediate(() => this.#later('reconcile', () => this.#reconcile(peer)));
      return peerTransportOptions(made);
    });
  }

  connectTransport(peerId: string, direction: TransportDirection, dtls: types.DtlsParameters): Promise<void> {
    return this.#queue.push('connectTransport', async () => {
      const peer = this.#existing(peerId);
      const transport = peer.transport(direction);
      if (peer.connected.has(transport.id)) throw new ValidationError(`the ${direction} transport is already connected`);
      peer.connected.add(transport.id);
      try {
        await timed(this.#hooks.metrics, 'connectTransport', () => transport.connect({ dtlsParameters: dtls }));
      } catch (err) {
        peer.connected.delete(transport.id);
        throw err;
      }
    });
  }

  produce(peerId: string, label: string, kind: MediaKind, rtpParameters: types.RtpParameters): Promise<{ producerId: string }> {
    return this.#queue.push('produce', async () => {
      const producer = await this.#producers.publish(this.#existing(peerId), label, kind, rtpParameters);
      // The subscribers' consumers follow in a task of their own: the producer id goes back first.
      this.#later('reconcileAll', () => this.#reconcileAll());
      return { producerId: producer.id };
    });
  }

  unpublish(peerId: string, label: string): Promise<void> {
    return this.#queue.push('unpublish', () => {
      const peer = this.#peers.get(peerId);
      const producer = peer?.producers.get(label);
      if (peer && producer) this.#producers.close(peer, label, producer);
    });
  }

  resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    return this.#queue.push('resumeConsumer', async () => {
      const peer = this.#peers.get(peerId);
      const entry = peer?.consumerById(consumerId);
      if (!peer || !entry) return; // closed meanwhile (unpublished, unsubscribed): nothing to resume
      entry.resumedByPeer = true;
      await applyLayer(this.#consumers, entry, peer.layers.get(streamKey(entry.ref)) ?? 'high');
    });
  }

  restartIce(peerId: string, direction: TransportDirection): Promise<IceParameters> {
    return this.#queue.push('restartIce', async () => {
      const transport = this.#existing(peerId).transport(direction);
      return iceFromMediasoup(await timed(this.#hooks.metrics, 'restartIce', () => transport.restartIce()));
    });
  }

  setSubscriptions(peerId: string, streams: readonly StreamRef[]): Promise<void> {
    return this.#queue.push('setSubscriptions', async () => {
      const peer = this.#peer(peerId);
      peer.wanted = new Map(streams.map((r) => [streamKey(r), { peerId: r.peerId, label: r.label }]));
      await this.#reconcile(peer);
    });
  }

  setLayer(peerId: string, ref: StreamRef, layer: VideoLayer): Promise<void> {
    return this.#queue.push('setLayer', async () => {
      const peer = this.#peer(peerId);
      const key = streamKey(ref);
      peer.layers.set(key, layer);
      const entry = peer.consumers.get(key);
      if (entry) await applyLayer(this.#consumers, entry, layer);
    });
  }

  /** Applies the room's server-side mute of (peer, label) to its producer, if published. */
  applyMute(peerId: string, label: string): Promise<void> {
    return this.#queue.push('applyMute', async () => {
      const producer = this.#peers.get(peerId)?.producers.get(label);
      if (!producer || producer.closed) return;
      const disabled = this.#hooks.isDisabled(peerId, label);
      if (disabled === producer.paused) return;
      await timed(this.#hooks.metrics, disabled ? 'pauseProducer' : 'resumeProducer', () => (disabled ? producer.pause() : producer.resume()));
    });
  }

  /** A plain-RTP copy of a published stream to `target` (see MediaEngineTypes `tap`). */
  tap(ref: StreamRef, target: Required<TapTarget>): Promise<MediasoupStreamTap> {
    return this.#queue.push('tap', async () => {
      const producer = await this.#onOrigin(ref);
      return this.#copies.tap(this.router, producer, ref, target);
    });
  }

  /** A receive-only transport of `peerId` with one flowing consumer of `ref` (see MediaEngineTypes `listen`). */
  listen(peerId: string, ref: StreamRef): Promise<MediasoupStreamListener> {
    return this.#queue.push('listen', async () => {
      const producer = await this.#onOrigin(ref);
      // Made like the peers' own transports (the worker's WebRtcServer), on the origin as a tap is.
      const transport = await this.#routers.origin.createTransport(peerId, 'recv', this.#options);
      return this.#copies.listen(this.router, transport, producer, peerId, ref);
    });
  }

  /** Closes the peer's transports (with its producers and consumers) and forgets it. */
  removePeer(peerId: string): Promise<boolean> {
    return this.#queue.push('removePeer', () => {
      this.#copies.peerRemoved(peerId);
      const peer = this.#peers.get(peerId);
      if (!peer) return false;
      this.#peers.delete(peerId);
      this.#hooks.metrics.peerLeft();
      peer.closeTransports();
      if (peer.slot) this.#routers.leave(peer.slot, peerId);
      this.#speakers.audioGone(peerId);
      return true;
    });
  }

  /** Every published stream, peers in arrival order, labels in publish order. */
  streams(): PublishedStream[] {
    return [...this.#peers.values()].flatMap((peer) => peer.published()).concat(this.#piped.published());
  }

  /** Node-to-node pipes (NodePipes): the streams the room's own peers publish, with their producer ids. */
  localStreams(): PipedStreamInfo[] {
    return localStreamsOf(this.#peers.values());
  }

  /** The producer `producerId` of a peer of this room as the origin router sees it (piped there if need be). */
  originProducer(producerId: string): Promise<types.Producer | undefined> {
    return this.#queue.push('originProducer', async () => {
      const p = producerById(this.#peers.values(), producerId);
      return p ? this.#routers.origin.take(p, this.#producers.slotOf(p)) : undefined;
    });
  }

  /** Offers `producer` (piped in from another node, under its id there) as stream `ref` until it closes. */
  adoptPiped(ref: StreamRef, producer: types.Producer): Promise<void> {
    return this.#queue.push('adoptPiped', () => {
      if (this.#closed || producer.closed) return;
      if (this.#peers.has(ref.peerId)) throw new ConflictError(`a piped stream's publisher ${ref.peerId} is a local peer`);
      this.#piped.add(ref, producer, this.#producers);
      this.#hooks.streamsChanged();
      this.#later('reconcileAll', () => this.#reconcileAll());
    });
  }

  /** Closes the router (every transport, producer, consumer and observer with it). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.parentClosed('room closed');
    this.router.close();
  }

  /** Routers of the room, by worker id (origin first), with the peers on each: for tests and tools. */
  routers(): Array<{ worker: string; origin: boolean; peers: number; pipes: number }> {
    return this.#routers.describe();
  }

  /**
   * The worker is gone (or stopping, closing the router itself): forget everything, tell nobody
   * but the taps and listeners (their recorder or page must know why its stream stopped).
   */
  parentClosed(reason: 'room closed' | 'room reset' = 'room reset'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    // The other workers of the room live on: their routers are closed, not forgotten.
    this.#routers.close();
    this.#copies.routerClosed(reason);
    this.#speakers.closed();
    for (let i = 0; i < this.#peers.size; i++) this.#hooks.metrics.peerLeft();
    this.#peers.clear();
    this.#piped.clear();
  }

  // ---- internals ----

  /** `ref`'s producer on the origin (piped there if need be): the one place taps and listeners are made. */
  async #onOrigin(ref: StreamRef): Promise<types.Producer> {
    const published = this.#peers.get(ref.peerId)?.producers.get(ref.label) ?? this.#piped.producer(ref);
    if (!published || published.closed) throw new NotFoundError('stream not published');
    const producer = await this.#routers.origin.take(published, this.#producers.slotOf(published));
    if (this.#closed) throw new ClosedError('media room');
    if (!producer) throw new NotFoundError('stream not published');
    return producer;
  }

  /** Queues `task` after the current ones; its failure is logged (nobody waits for it). */
  #later(op: string, task: () => Promise<void>): void {
    if (this.#closed) return;
    this.#queue.push(op, task).catch((err: unknown) => {
      if (!this.#closed) this.#hooks.log.warn({ err }, 'sfu: consumer update failed');
    });
  }

  #peer(peerId: string): Peer {
    let peer = this.#peers.get(peerId);
    if (!peer) {
      peer = new Peer(peerId);
      this.#peers.set(peerId, peer);
      this.#hooks.metrics.peerJoined();
    }
    return peer;
  }

  /** A peer that exists; a NotFoundError for one the room does not know. */
  #existing(peerId: string): Peer {
    const peer = this.#peers.get(peerId);
    if (!peer) throw new NotFoundError('unknown media peer: set up media first');
    return peer;
  }

  /**
   * A worker other than the origin's died (RoomRouters): its peers' transports, producers and
   * consumers are gone (their close events already unpublished the streams); they keep what
   * they want and at which layer, and are told to connect again (placed anew by load).
   */
  #slotLost(slot: RouterSlot, peerIds: string[], reason: string): void {
    if (this.#closed) return;
    for (const id of peerIds) {
      const peer = this.#peers.get(id);
      if (!peer || peer.slot !== slot) continue;
      peer.slot = undefined;
      peer.closeTransports();
      this.#hooks.peerReset(id, reason);
    }
  }

  async #createTransport(peer: Peer, direction: TransportDirection): Promise<types.WebRtcTransport> {
    const transport = await (peer.slot ?? this.#routers.origin).createTransport(peer.id, direction, this.#options);
    traceTransportStates(this.#hooks.log, transport, peer.id, direction);
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') this.#later('transportLost', async () => this.#transportLost(peer, transport, state));
    });
    return transport;
  }

  /** The peer's side of a transport is gone (DTLS closed or failed): its streams stop. */
  #transportLost(peer: Peer, transport: types.WebRtcTransport, state: string): void {
    if (this.#closed || transport.closed) return;
    this.#hooks.log.info({ peer: peer.id, direction: transport.appData.direction, state }, 'sfu: peer transport lost');
    peer.dropTransport(transport);
  }

  async #reconcile(peer: Peer): Promise<void> {
    if (this.#closed || this.#peers.get(peer.id) !== peer) return;
    await reconcileConsumers(this.#consumers, peer);
  }

  async #reconcileAll(): Promise<void> {
    await Promise.all([...this.#peers.values()].map((p) => this.#reconcile(p)));
  }
}

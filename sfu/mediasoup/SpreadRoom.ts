/**
 * A media room whose audience may spill onto other nodes (docs/cluster.md "One lesson over
 * several nodes"). It is the owner's room (MediasoupRoom) for everything, except the RECEIVING
 * side of a peer placed on an edge node: that peer's receive transport, subscriptions, layers and
 * consumers live in the edge's room of the same id (which gets the owner's streams through the
 * node pipe, same producer ids), and its send transport stays here, so whatever it publishes is
 * published on the owner like anyone's (speaker detection, recorder taps, the in-node cascade, and
 * the pipes to every edge: no reverse pipe needed). The page just gets a receive transport whose
 * ICE candidates are the edge's address.
 *
 * Placement happens at connectPeer, the peer's (re)start: on an edge when EdgeRooms.edgesFor
 * offers some, else here. The last subscriptions and layers asked for each peer are kept and
 * replayed on the side it lands on. An edge that refuses or fails a call at placement is avoided
 * and the next candidate is offered the peer (each once); when none takes it, it stays here. An
 * edge lost later resets its peers (`peerReset`): the page starts over and is placed again.
 */
import { SerialQueue, TypedEmitter, UnavailableError, type Logger } from '../../platform/index.js';
import { streamKey } from '../checks.js';
import type { MediaKind, MediaRoom, MediaRoomEvents, PublishedStream, StreamLabel, StreamListener, StreamRef, StreamTap, TapTarget, VideoLayer } from '../MediaEngineTypes.js';
import type { DtlsParameters, IceParameters, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from '../TransportNegotiationTypes.js';
import type { EdgeRooms, SpreadRoomLink } from './EdgeRooms.js';
import type { MediasoupRoom } from './MediasoupRoom.js';
import { firstTaker } from './edgePlacement.js';
import type { RoomBody } from './roomWire.js';

export class SpreadRoom extends TypedEmitter<MediaRoomEvents> implements MediaRoom, SpreadRoomLink {
  readonly id: string;
  readonly #local: MediasoupRoom;
  readonly #edges: EdgeRooms;
  readonly #log: Logger;
  /** Peers receiving on an edge, and which. */
  readonly #remote = new Map<string, string>();
  /** Those of them the edge has confirmed (answered connectPeer): only these can be missing there. */
  readonly #confirmed = new Set<string>();
  readonly #subscriptions = new Map<string, StreamRef[]>();
  readonly #layers = new Map<string, Map<string, { stream: StreamRef; layer: VideoLayer }>>();
  /** Placements (connectPeer), one at a time. */
  readonly #placing = new SerialQueue('edge placements');
  /** Each peer's latest placement: an older one still offering the peer to edges stops (the peer restarted or left). */
  readonly #placement = new Map<string, number>();
  #nextPlacement = 0;

  constructor(local: MediasoupRoom, edges: EdgeRooms, log: Logger) {
    super((event, error) => log.error({ err: error, event, room: local.id }, 'spread room listener threw'));
    this.id = local.id;
    this.#local = local;
    this.#edges = edges;
    this.#log = log;
    local.on('consumersChanged', (peerId, change) => {
      if (!this.#remote.has(peerId)) this.safeEmit('consumersChanged', peerId, change);
    });
    local.on('streamsChanged', (streams) => this.safeEmit('streamsChanged', streams));
    local.on('talking', (peerId, on) => this.safeEmit('talking', peerId, on));
    local.on('activeSpeaker', (peerId) => this.safeEmit('activeSpeaker', peerId));
    local.on('reset', (reason) => this.safeEmit('reset', reason));
    local.on('peerReset', (peerId, reason) => this.safeEmit('peerReset', peerId, reason));
    local.once('closed', () => {
      this.#release();
      this.safeEmit('closed');
      this.removeAllListeners();
    });
    edges.attach(this);
  }

  get closed(): boolean {
    return this.#local.closed;
  }

  get rtpCapabilities(): RtpCapabilities {
    return this.#local.rtpCapabilities;
  }

  /** The edge node `peerId` receives on, if any (tests, tools). */
  edgeOf(peerId: string): string | undefined {
    return this.#remote.get(peerId);
  }

  // ---- SpreadRoomLink ----

  remotePeers(): ReadonlyMap<string, string> {
    return this.#remote;
  }

  confirmed(peerId: string): boolean {
    return this.#confirmed.has(peerId);
  }

  remoteEvent(edge: string, peerId: string, body: Extract<RoomBody, { kind: 'event' }>): void {
    if (this.#remote.get(peerId) !== edge) return; // placed elsewhere since
    if (body.change) return void this.safeEmit('consumersChanged', peerId, body.change);
    if (body.reset === undefined) return;
    this.#log.warn({ room: this.id, peerId, edge, reason: body.reset }, 'sfu: a peer lost its edge: it starts over');
    this.#forget(peerId);
    this.safeEmit('peerReset', peerId, `edge ${edge}: ${body.reset}`);
  }

  // ---- MediaRoom: placement ----

  async connectPeer(peerId: string, rtpCapabilities: RtpCapabilities): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    // One placement at a time, each decided once the previous peer counts in this node's load and
    // in its edge's (EdgeRooms.placed): a burst of set-ups (a whole audience coming back after its
    // owner died) would otherwise all read the same load and all stay here, or all go to one edge.
    // The transports are made in the room's serial queue anyway; only the edges' answers are
    // awaited outside.
    const { edges, local, placement } = await this.#placing.push(() => this.#place(peerId, rtpCapabilities));
    if (edges.length === 0) {
      if (!local.recv) throw new Error('placed here without a receive transport');
      return { send: local.send, recv: local.recv };
    }
    const current = () => this.#placement.get(peerId) === placement;
    const taken = await firstTaker(
      edges,
      (edge, i) => {
        // The first was set and counted in #place; a later one once the previous did not take the peer.
        if (i > 0) {
          this.#remote.set(peerId, edge);
          this.#edges.placed(edge);
        }
        return this.#toEdge(peerId, edge, rtpCapabilities);
      },
      (edge, err) => {
        this.#log.warn({ err, room: this.id, peerId, edge }, 'sfu: the edge did not take the peer: the next is tried, else it stays here');
        this.#edges.notPlaced(edge, err);
        this.#edges.call(edge, this.id, peerId, { op: 'removePeer' }).catch(() => undefined);
        if (!current()) return false;
        this.#confirmed.delete(peerId);
        return true;
      },
    );
    if (taken) return { send: local.send, recv: taken.value };
    // No edge took it: it receives here after all, on transports made anew with a receive side
    // (the client has not seen the send-only ones yet). A newer placement of the peer (it started
    // over) owns its transports now: this one's answer is void.
    if (!current()) throw new UnavailableError('the peer started its media over');
    this.#forget(peerId);
    const both = await this.#local.connectPeer(peerId, rtpCapabilities);
    await this.#replay(peerId);
    return both;
  }

  /** Offers `peerId` (already set as receiving on `edge`) to that edge; resolves with its receive transport once its subscriptions are there too. */
  async #toEdge(peerId: string, edge: string, rtpCapabilities: RtpCapabilities): Promise<TransportOptions> {
    const reply = await this.#edges.call(edge, this.id, peerId, { op: 'connectPeer', rtpCapabilities });
    if (!reply.recv) throw new Error('the edge sent no receive transport');
    if (this.#remote.get(peerId) === edge) this.#confirmed.add(peerId);
    await this.#replay(peerId);
    this.#log.info({ room: this.id, peerId, edge }, 'sfu: a peer receives on an edge node');
    return reply.recv;
  }

  /**
   * Where `peerId` may receive (edges to offer it to, best first; none: here), with its transports
   * here (only the send side when it goes to an edge: no idle receive transport here), and this
   * placement's number.
   */
  async #place(peerId: string, rtpCapabilities: RtpCapabilities): Promise<{ edges: string[]; local: { send: TransportOptions; recv?: TransportOptions }; placement: number }> {
    const placement = ++this.#nextPlacement;
    this.#placement.set(peerId, placement);
    const previous = this.#remote.get(peerId);
    const edges = await this.#edges.edgesFor(this.id);
    const edge = edges[0];
    this.#confirmed.delete(peerId);
    if (previous && previous !== edge) {
      this.#remote.delete(peerId);
      this.#edges.call(previous, this.id, peerId, { op: 'removePeer' }).catch(() => undefined);
      if (!edge) await this.#replay(peerId);
    }
    if (!edge) return { edges, placement, local: await this.#local.connectPeer(peerId, rtpCapabilities) };
    // The send side here; nothing received here (its wants would count on this full node).
    this.#remote.set(peerId, edge);
    await this.#local.setSubscriptions(peerId, []);
    const local = { send: await this.#local.connectPeerSide(peerId, rtpCapabilities, 'send') };
    this.#edges.placed(edge);
    return { edges, placement, local };
  }

  async connectTransport(peerId: string, direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    const edge = direction === 'recv' ? this.#remote.get(peerId) : undefined;
    if (edge) await this.#edges.call(edge, this.id, peerId, { op: 'connectTransport', dtlsParameters });
    else await this.#local.connectTransport(peerId, direction, dtlsParameters);
  }

  async setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void> {
    this.#subscriptions.set(peerId, streams.map((s) => ({ peerId: s.peerId, label: s.label })));
    const edge = this.#remote.get(peerId);
    if (edge) await this.#edges.call(edge, this.id, peerId, { op: 'setSubscriptions', streams });
    else await this.#local.setSubscriptions(peerId, streams);
  }

  async setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void> {
    const layers = this.#layers.get(peerId) ?? new Map<string, { stream: StreamRef; layer: VideoLayer }>();
    layers.set(streamKey(stream), { stream: { peerId: stream.peerId, label: stream.label }, layer });
    this.#layers.set(peerId, layers);
    const edge = this.#remote.get(peerId);
    if (edge) await this.#edges.call(edge, this.id, peerId, { op: 'setLayer', stream, layer });
    else await this.#local.setLayer(peerId, stream, layer);
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const edge = this.#remote.get(peerId);
    if (edge) await this.#edges.call(edge, this.id, peerId, { op: 'resumeConsumer', consumerId });
    else await this.#local.resumeConsumer(peerId, consumerId);
  }

  async restartIce(peerId: string, direction: TransportDirection): Promise<IceParameters> {
    const edge = direction === 'recv' ? this.#remote.get(peerId) : undefined;
    if (!edge) return this.#local.restartIce(peerId, direction);
    const reply = await this.#edges.call(edge, this.id, peerId, { op: 'restartIce' });
    if (!reply.ice) throw new Error('the edge sent no ICE parameters');
    return reply.ice;
  }

  async removePeer(peerId: string): Promise<void> {
    this.#placement.delete(peerId);
    this.#subscriptions.delete(peerId);
    this.#layers.delete(peerId);
    const edge = this.#remote.get(peerId);
    this.#forget(peerId);
    if (edge) this.#edges.call(edge, this.id, peerId, { op: 'removePeer' }).catch((err: unknown) => this.#log.warn({ err, edge, peerId }, 'sfu: an edge peer was not removed (its room closes when no longer kept)'));
    await this.#local.removePeer(peerId);
  }

  // ---- MediaRoom: publishing stays on the owner ----

  produce(peerId: string, track: { label: StreamLabel; kind: MediaKind; rtpParameters: RtpParameters }): Promise<{ producerId: string }> {
    return this.#local.produce(peerId, track);
  }

  unpublish(peerId: string, label: StreamLabel): Promise<void> {
    return this.#local.unpublish(peerId, label);
  }

  setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void> {
    return this.#local.setStreamEnabled(stream, enabled);
  }

  streams(): PublishedStream[] {
    return this.#local.streams();
  }

  tap(stream: StreamRef, target: TapTarget): Promise<StreamTap> {
    return this.#local.tap(stream, target);
  }

  /** On the owner, wherever the peer receives its own consumers: its page has no media set up yet. */
  listen(peerId: string, stream: StreamRef): Promise<StreamListener> {
    return this.#local.listen(peerId, stream);
  }

  async close(): Promise<void> {
    this.#release();
    await this.#local.close();
  }

  /** Replays the peer's layers, then its subscriptions, on the side it is placed on now. */
  async #replay(peerId: string): Promise<void> {
    for (const { stream, layer } of this.#layers.get(peerId)?.values() ?? []) await this.setLayer(peerId, stream, layer);
    const subs = this.#subscriptions.get(peerId);
    if (subs) await this.setSubscriptions(peerId, subs);
  }

  /** The room is over: its edges are told to drop its peers (an edge also closes a room no longer kept). */
  #release(): void {
    for (const [peerId, edge] of this.#remote) this.#edges.call(edge, this.id, peerId, { op: 'removePeer' }).catch(() => undefined);
    this.#remote.clear();
    this.#confirmed.clear();
    this.#placement.clear();
    this.#edges.detach(this);
  }

  #forget(peerId: string): void {
    this.#remote.delete(peerId);
    this.#confirmed.delete(peerId);
  }
}

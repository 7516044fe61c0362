/**
 * A lesson's overflow on other nodes (docs/cluster.md "One lesson over several nodes"), one per
 * node and engine, both roles like NodePipes. As an owner: when every local worker is past its
 * limits, a room's next peer receives on the least loaded live node (an **edge**; the next one
 * when it refuses), whose room of the same id gets the owner's streams through NodePipes;
 * SpreadRoom sends that peer's receiving calls there (`call`) and gets its events back. A node's
 * load is what it announced at its last heartbeat plus the peers placed there since. As an edge:
 * EdgeRoomHost serves those calls.
 * Messages: roomWire.ts on bus channel `sfu-room.<nodeId>`.
 *
 * Liveness: every `keepMs` the owner sends each edge it uses a `keep` per room, which the edge
 * answers with the peers it has. An edge not heard for `deadAfterMs`, or whose channel had no
 * listener at two keeps in a row (a killed node's bus connection drops at once), is dead: its peers are
 * reset (the page sets up its media again and is placed again, here or on another edge), and the
 * edge is avoided for a while. A peer the edge no longer has is reset too; a peer the edge has
 * and the owner did not place there is removed. See docs/closures.md.
 */
import { TypedEmitter, UnavailableError, ValidationError, NotFoundError, silentLogger, systemClock, type Clock, type Logger } from '../../platform/index.js';
import type { MessageBus, NodeInfo, NodeRegistry, Unsubscribe } from '../../cluster/index.js';
import { EdgeAvoidance, RecentPlacements, nodeFull, rankEdges } from './edgePlacement.js';
import { EdgeRoomHost } from './EdgeRoomHost.js';
import type { NodeMediaMetrics } from '../metrics.js';
import type { MediasoupEngine } from './MediasoupEngine.js';
import type { NodePipes } from './NodePipes.js';
import { RoomWire, roomChannel, type RoomBody, type RoomOp } from './roomWire.js';
import { rejectionOf } from './wireSigning.js';

export interface EdgeRoomsOptions {
  engine: MediasoupEngine;
  pipes: NodePipes;
  bus: MessageBus;
  nodes: NodeRegistry;
  /** This node's cluster id (the one it announces). */
  nodeId: string;
  /** Shared by every node of the deployment; at least 32 characters. */
  secret: string;
  /** Whether this node places its own overflow on other nodes (`media.edges.enabled`); it serves as an edge either way. */
  placeOverflow: boolean;
  /** A call not answered within this fails (UnavailableError). Default 5000 ms. */
  callTimeoutMs?: number;
  /** Keep-alive period. Default 2000 ms. */
  keepMs?: number;
  /** An edge (or owner) silent this long is dead. Default 6000 ms. */
  deadAfterMs?: number;
  /** How long an edge that failed or refused is not chosen again. Default 30 s. */
  avoidMs?: number;
  /** Refusals counted by reason, rooms and peers served as an edge (the node's metrics; none in unit tests). */
  metrics?: NodeMediaMetrics;
  clock?: Clock;
  logger?: Logger;
}

/** What EdgeRooms needs of a room spread over nodes (SpreadRoom). */
export interface SpreadRoomLink {
  readonly id: string;
  /** Peers placed (or being placed) on edges, with their edge. */
  remotePeers(): ReadonlyMap<string, string>;
  /** Whether the edge answered this peer's placement (a peer still being placed may not be there yet). */
  confirmed(peerId: string): boolean;
  /** An event of `peerId` from `edge`. */
  remoteEvent(edge: string, peerId: string, body: Extract<RoomBody, { kind: 'event' }>): void;
}

export interface EdgeRoomsEvents {
  [event: string]: unknown[];
  /** A message was dropped (forged, stale, replayed, malformed, oversized, misaddressed). */
  rejected: [why: string];
  /** An edge was declared dead (its peers were reset). */
  edgeLost: [edge: string];
}

interface Pending {
  edge: string;
  resolve(body: Extract<RoomBody, { kind: 'reply' }>): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class EdgeRooms extends TypedEmitter<EdgeRoomsEvents> {
  readonly #o: EdgeRoomsOptions;
  readonly #wire: RoomWire;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #host: EdgeRoomHost;
  readonly #rooms = new Map<string, SpreadRoomLink>();
  readonly #pending = new Map<number, Pending>();
  /** When each edge in use was last heard from. */
  readonly #heard = new Map<string, number>();
  /** Edges not to choose for a while (failed, refused, died). */
  readonly #avoid = new EdgeAvoidance();
  /** The node list last read for a placement, as announced (a refusal is judged against it). */
  #lastNodes: readonly NodeInfo[] = [];
  /** Peers placed on each edge since its last announcement (the list read at a placement can be a heartbeat old). */
  readonly #recent = new RecentPlacements();
  /** Edges whose channel had no listener at the last keeps, and how many in a row. */
  readonly #unheard = new Map<string, number>();
  #nextCall = 1;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: Unsubscribe | undefined;
  #rejected = 0;
  #closed = false;

  constructor(options: EdgeRoomsOptions) {
    const log = (options.logger ?? silentLogger()).child({ module: 'edge-rooms' });
    super((event, error) => log.error({ err: error, event }, 'edge rooms listener threw'));
    this.#o = options;
    this.#log = log;
    this.#clock = options.clock ?? systemClock;
    this.#wire = new RoomWire({ nodeId: options.nodeId, secret: options.secret, ...(options.clock ? { clock: options.clock } : {}) });
    this.#host = new EdgeRoomHost({
      engine: options.engine,
      pipes: options.pipes,
      send: (to, room, callId, body) => void this.#send(to, room, callId, body),
      log,
      clock: this.#clock,
      deadAfterMs: this.#deadAfterMs,
    });
    options.metrics?.watchEdgeRooms(() => ({ rooms: this.#host.roomCount, peers: this.#host.peerCount }));
  }

  get nodeId(): string {
    return this.#o.nodeId;
  }

  /** Messages dropped so far. */
  get rejected(): number {
    return this.#rejected;
  }

  /** Peers this node serves for other nodes' rooms (added to the load it announces). */
  get edgePeerCount(): number {
    return this.#host.peerCount;
  }

  get #deadAfterMs(): number {
    return this.#o.deadAfterMs ?? 6_000;
  }

  async start(): Promise<void> {
    const unsubscribe = await this.#o.bus.subscribe(roomChannel(this.#o.nodeId), (payload) => this.#received(payload));
    if (this.#closed) return void (await unsubscribe());
    this.#unsubscribe = unsubscribe;
    this.#timer = setInterval(() => this.#tick(), this.#o.keepMs ?? 2_000);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new UnavailableError('the media engine is closing'));
    }
    this.#pending.clear();
    await this.#host.close();
    await this.#unsubscribe?.();
  }

  // ---- owner role ----

  /** Whether this node serves `roomId` as an edge (it must stop before owning it). */
  serving(roomId: string): boolean {
    return this.#host.serving(roomId);
  }

  release(roomId: string): Promise<void> {
    return this.#host.release(roomId);
  }

  attach(room: SpreadRoomLink): void {
    this.#rooms.set(room.id, room);
  }

  detach(room: SpreadRoomLink): void {
    if (this.#rooms.get(room.id) === room) this.#rooms.delete(room.id);
  }

  /**
   * The edge nodes a new peer of `roomId` may receive on, best first (empty: keep it here): only
   * when placing overflow is allowed, every local worker is full, and a live node qualifies. Each
   * node's announced load counts the peers this node placed there since (placed()).
   */
  async edgesFor(roomId: string): Promise<string[]> {
    if (!this.#o.placeOverflow || this.#closed || !/^[A-Za-z0-9_.:-]{1,128}$/.test(roomId)) return []; // pipes carry plain room ids only (no breakout rooms)
    if (!nodeFull(this.#o.engine.workerLoads(), this.#o.engine.peerLimits)) return [];
    try {
      const nodes = await this.#o.nodes.listNodes();
      this.#lastNodes = nodes;
      return rankEdges(this.#recent.adjust(nodes), this.#o.nodeId, this.#avoid.current(nodes, this.#clock.now()));
    } catch (err) {
      this.#log.warn({ err }, 'sfu: no node list for an edge placement: the peer stays here');
      return [];
    }
  }

  /** A peer is being placed on `edge` (one of edgesFor's): the next choices count it until `edge` announces it. */
  placed(edge: string): void {
    this.#recent.add(edge);
  }

  /**
   * `edge` did not take a peer counted by placed() (`err`: it refused, failed or did not answer): it
   * no longer counts, and is avoided for a while; when it refused as full, only until it announces
   * that peers left it (EdgeAvoidance).
   */
  notPlaced(edge: string, err?: unknown): void {
    this.#recent.remove(edge);
    const full = (err as { edgeCode?: unknown } | undefined)?.edgeCode === 'full';
    this.#avoidFor(edge, full ? { seenAt: this.#lastNodes.find((n) => n.id === edge)?.lastHeartbeat ?? 0 } : undefined);
  }

  /** Do not choose `edge` for a while (it failed, refused or died). */
  #avoidFor(edge: string, full?: { seenAt: number }): void {
    this.#avoid.avoid(edge, this.#clock.now() + (this.#o.avoidMs ?? 30_000), full);
  }

  /** One call for `peerId` of `roomId` on `edge`; rejects with the edge's error or an UnavailableError at the timeout. */
  call(edge: string, roomId: string, peerId: string, op: RoomOp): Promise<Extract<RoomBody, { kind: 'reply' }>> {
    if (this.#closed) return Promise.reject(new UnavailableError('the media engine is closing'));
    if (!this.#heard.has(edge)) this.#heard.set(edge, this.#clock.now());
    const callId = this.#nextCall++;
    if (this.#nextCall > 0x7fff_ffff) this.#nextCall = 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(callId);
        reject(new UnavailableError(`the media node ${edge} did not answer (${op.op})`));
      }, this.#o.callTimeoutMs ?? 5_000);
      this.#pending.set(callId, {
        edge,
        timer,
        reject,
        resolve: (body) => {
          if (!body.error) return resolve(body);
          const E = body.error.code === 'validation' ? ValidationError : body.error.code === 'not_found' ? NotFoundError : UnavailableError;
          reject(Object.assign(new E(body.error.message), { edgeCode: body.error.code }));
        },
      });
      void this.#send(edge, roomId, callId, { kind: 'call', peerId, call: op }).then((listening) => {
        const p = this.#pending.get(callId);
        if (listening !== 0 || !p) return;
        // Nobody listens on the edge's channel (the bus says so at once): it is gone.
        this.#pending.delete(callId);
        clearTimeout(p.timer);
        reject(new UnavailableError(`the media node ${edge} is not listening`));
      });
    });
  }

  // ---- both ----

  /** Publishes one message; resolves with how many nodes listen on `to`'s channel (0: it is gone), undefined when not sent. */
  #send(to: string, room: string, callId: number, body: RoomBody): Promise<number | undefined> {
    if (this.#closed && body.kind !== 'event') return Promise.resolve(undefined);
    let sealed: Uint8Array;
    try {
      sealed = this.#wire.seal(to, room, callId, body);
    } catch (err) {
      this.#log.warn({ err, to, kind: body.kind }, 'sfu: an edge room message could not be encoded');
      return Promise.resolve(undefined);
    }
    return this.#o.bus.publish(roomChannel(to), sealed).catch((err: unknown) => {
      this.#log.warn({ err, to }, 'sfu: could not send an edge room message');
      return undefined;
    });
  }

  #received(payload: Uint8Array): void {
    if (this.#closed) return;
    const m = this.#wire.open(payload);
    if (typeof m === 'string') {
      this.#rejected++;
      this.#o.metrics?.messageRejected('room', rejectionOf(m));
      this.#log.warn({ why: m }, 'sfu: dropped an edge room message');
      this.safeEmit('rejected', m);
      return;
    }
    const b = m.body;
    if (b.kind === 'call') return void this.#host.call(m.from, m.room, m.callId, b.peerId, b.call);
    if (b.kind === 'keep') return this.#host.keep(m.from, m.room);
    // Owner role: anything from an edge shows it alive.
    if (this.#heard.has(m.from)) this.#heard.set(m.from, this.#clock.now());
    if (b.kind === 'reply') {
      const p = this.#pending.get(m.callId);
      if (!p || p.edge !== m.from) return;
      this.#pending.delete(m.callId);
      clearTimeout(p.timer);
      return p.resolve(b);
    }
    const room = this.#rooms.get(m.room);
    if (!room) return;
    if (b.kind === 'event') return room.remoteEvent(m.from, b.peerId, b);
    if (b.kind === 'kept') this.#reconcile(room, m.from, new Set(b.peers));
  }

  /**
   * The edge's peers against ours: ours it lost are reset; its own we did not place there are
   * removed. A peer being placed counts as ours, but is reset only once the edge has confirmed it:
   * the edge answers a keep that passed the placement before it adds the peer.
   */
  #reconcile(room: SpreadRoomLink, edge: string, has: ReadonlySet<string>): void {
    const ours = new Set([...room.remotePeers()].filter(([, e]) => e === edge).map(([p]) => p));
    for (const p of ours) if (!has.has(p) && room.confirmed(p)) room.remoteEvent(edge, p, { kind: 'event', peerId: p, reset: 'the edge lost this peer' });
    for (const p of has) if (!ours.has(p)) this.call(edge, room.id, p, { op: 'removePeer' }).catch(() => undefined);
  }

  #tick(): void {
    this.#host.sweep();
    const now = this.#clock.now();
    const inUse = new Set<string>();
    for (const room of this.#rooms.values()) {
      for (const edge of new Set(room.remotePeers().values())) {
        inUse.add(edge);
        void this.#send(edge, room.id, 0, { kind: 'keep', peers: [] }).then((listening) => this.#listening(edge, listening));
      }
    }
    for (const [edge, heard] of this.#heard) {
      if (!inUse.has(edge)) {
        this.#heard.delete(edge);
        this.#unheard.delete(edge);
      } else if (now - heard > this.#deadAfterMs) this.#edgeDead(edge, `silent for ${now - heard} ms`);
    }
  }

  /**
   * A killed node's bus connection drops at once, so its channel has no listener: two keeps in a
   * row (2–4 s) that reached nobody mean the edge is gone, before the silence limit. One is not
   * enough: a Redis restart leaves channels without listeners until the nodes resubscribe.
   */
  #listening(edge: string, listening: number | undefined): void {
    if (listening !== 0) return void this.#unheard.delete(edge);
    const times = (this.#unheard.get(edge) ?? 0) + 1;
    this.#unheard.set(edge, times);
    if (times >= 2 && this.#heard.has(edge)) this.#edgeDead(edge, 'its channel has no listener');
  }

  /** An edge is gone: its peers start over (placed again), and it is avoided for a while. */
  #edgeDead(edge: string, why: string): void {
    this.#log.warn({ edge, why }, 'sfu: an edge node is gone: its peers start over');
    this.#heard.delete(edge);
    this.#unheard.delete(edge);
    this.#avoidFor(edge);
    this.safeEmit('edgeLost', edge);
    for (const room of this.#rooms.values()) {
      for (const [p, e] of [...room.remotePeers()]) if (e === edge) room.remoteEvent(edge, p, { kind: 'event', peerId: p, reset: 'the edge node is gone' });
    }
  }
}

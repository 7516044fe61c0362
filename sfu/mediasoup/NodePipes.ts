/**
 * Node-to-node media pipes (docs/cluster.md "One lesson over several nodes"): one room over
 * several nodes. The node that owns a room keeps its origin (the teacher publishes there); an
 * edge node with a room of the same id pipes every stream of the owner's room into its own
 * (`pipeFrom`) and fans them out to its peers. Offer, answer, stream requests and notices travel
 * as signed protobuf messages (nodePipeWire.ts) on bus channel `sfu-pipe.<nodeId>`; the media
 * itself goes straight between the two nodes' PipeTransports (UDP, SRTP).
 *
 * One NodePipes per node and engine serves both roles: the owner's ends (OriginPipe, made on a
 * verified offer for a room this engine has) and the edge's (EdgePipe, one per room piped in).
 * It knows rooms and nodes, never lessons: who becomes an edge of which lesson is signaling's
 * choice. See docs/closures.md.
 */
import { TypedEmitter, silentLogger, type Clock, type Logger } from '../../platform/index.js';
import type { MessageBus, Unsubscribe } from '../../cluster/index.js';
import { EdgePipe } from './EdgePipe.js';
import type { NodeMediaMetrics } from '../metrics.js';
import type { MediasoupEngine } from './MediasoupEngine.js';
import { PipeWire, pipeChannel } from './nodePipeWire.js';
import { OriginPipe } from './OriginPipe.js';
import { rejectionOf } from './wireSigning.js';

export interface NodePipesOptions {
  engine: MediasoupEngine;
  bus: MessageBus;
  /** This node's cluster id (the one it announces). */
  nodeId: string;
  /** Shared by every node of the deployment; at least 32 characters. */
  secret: string;
  /** The IPv4 address this node's pipes listen on: one the other nodes reach (a private network). */
  listenIp: string;
  /** The address other nodes send to, when it is not listenIp (NAT between nodes). */
  announcedIp?: string;
  /** An offer not answered within this is abandoned (and made again). Default 5000 ms. */
  answerTimeoutMs?: number;
  /** A pipe that carries no packets this long while a stream should flow is closed and re-offered. Default 5000 ms. */
  silenceMs?: number;
  /** Refusals counted by reason, pipes open by role (the node's metrics; none in unit tests). */
  metrics?: NodeMediaMetrics;
  clock?: Clock;
  logger?: Logger;
}

export interface NodePipesEvents {
  [event: string]: unknown[];
  /** An edge pipe of `room` went up or down (why). */
  edgePipe: [room: string, up: boolean, why: string];
  /** A message was dropped (forged, stale, replayed, malformed, oversized, misaddressed). */
  rejected: [why: string];
}

export class NodePipes extends TypedEmitter<NodePipesEvents> {
  readonly #options: NodePipesOptions;
  readonly #wire: PipeWire;
  readonly #log: Logger;
  /** Owner ends, by pipe id. */
  readonly #origins = new Map<string, { pipe: OriginPipe; edgeNode: string; room: string }>();
  /** Edge ends, by room id. */
  readonly #edges = new Map<string, { pipe: EdgePipe; ownerNode: string }>();
  #unsubscribe: Unsubscribe | undefined;
  #rejected = 0;
  #closed = false;

  constructor(options: NodePipesOptions) {
    const log = (options.logger ?? silentLogger()).child({ module: 'node-pipes' });
    super((event, error) => log.error({ err: error, event }, 'node pipes listener threw'));
    this.#options = options;
    this.#log = log;
    this.#wire = new PipeWire({ nodeId: options.nodeId, secret: options.secret, ...(options.clock ? { clock: options.clock } : {}) });
    options.metrics?.watchNodePipes(() => ({ edge: this.#edges.size, origin: this.#origins.size }));
  }

  /** Messages dropped so far. */
  get rejected(): number {
    return this.#rejected;
  }

  /** Owner side: pipes to edges open now, with the streams each carries. */
  originPipes(): Array<{ room: string; edgeNode: string; streams: number }> {
    return [...this.#origins.values()].map((o) => ({ room: o.room, edgeNode: o.edgeNode, streams: o.pipe.streams }));
  }

  /** Edge side: streams piped into `room` now (0 while the pipe is down). */
  edgeStreams(room: string): number {
    return this.#edges.get(room)?.pipe.streams ?? 0;
  }

  /** Starts listening on this node's pipe channel. */
  async start(): Promise<void> {
    const unsubscribe = await this.#options.bus.subscribe(pipeChannel(this.#options.nodeId), (payload) => this.#received(payload));
    if (this.#closed) await unsubscribe();
    else this.#unsubscribe = unsubscribe;
  }

  /**
   * Edge side: pipes every stream of room `roomId` on node `ownerNode` into this engine's room
   * of the same id (which must exist), until stopPiping() or the room closes.
   */
  pipeFrom(roomId: string, ownerNode: string): void {
    const room = this.#options.engine.mediasoupRoom(roomId);
    if (!room) throw new Error(`no media room ${roomId} on this node`);
    if (this.#edges.has(roomId) || this.#closed) return;
    const pipe = new EdgePipe(room, {
      send: (pipeId, body) => this.#send(ownerNode, roomId, pipeId, body),
      listenIp: this.#options.listenIp,
      announcedIp: this.#options.announcedIp,
      silenceMs: this.#options.silenceMs ?? 5_000,
      answerTimeoutMs: this.#options.answerTimeoutMs ?? 5_000,
      log: this.#log.child({ room: roomId, owner: ownerNode }),
      changed: (up, why) => this.safeEmit('edgePipe', roomId, up, why),
    });
    this.#edges.set(roomId, { pipe, ownerNode });
    room.once('closed', () => this.stopPiping(roomId));
    pipe.start();
  }

  /** Edge side: stops piping `roomId` (its piped streams are unpublished here). */
  stopPiping(roomId: string): void {
    const edge = this.#edges.get(roomId);
    if (!edge) return;
    this.#edges.delete(roomId);
    edge.pipe.stop();
  }

  /** Stops listening and closes every pipe, both roles. Safe twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const room of [...this.#edges.keys()]) this.stopPiping(room);
    for (const { pipe } of [...this.#origins.values()]) pipe.close('node closing', true);
    await this.#unsubscribe?.();
  }

  #send(to: string, room: string, pipeId: string, body: Parameters<PipeWire['seal']>[3]): void {
    if (this.#closed && !body.close) return;
    this.#options.bus.publish(pipeChannel(to), this.#wire.seal(to, room, pipeId, body)).catch((err: unknown) => this.#log.warn({ err, to }, 'sfu: could not send a pipe message'));
  }

  #received(payload: Uint8Array): void {
    if (this.#closed) return;
    const m = this.#wire.open(payload);
    if (typeof m === 'string') {
      this.#rejected++;
      this.#options.metrics?.messageRejected('pipe', rejectionOf(m));
      this.#log.warn({ why: m }, 'sfu: dropped a pipe message');
      this.safeEmit('rejected', m);
      return;
    }
    const origin = this.#origins.get(m.pipeId);
    if (origin && origin.edgeNode === m.from && origin.room === m.room) {
      if (m.kind === 'consume') void origin.pipe.consume(m.message.consume?.producerId ?? '');
      else if (m.kind === 'producerState' && m.message.producerState?.closed) void origin.pipe.release(m.message.producerState.producerId ?? '');
      else if (m.kind === 'close') origin.pipe.close('the edge closed it', false);
      return;
    }
    // A pipe id is the edge's for the pipe's life: an offer reusing a live one is not a new pipe.
    if (m.kind === 'offer' && !origin) return this.#offered(m.from, m.room, m.pipeId, m.message);
    if (origin) return;
    const edge = this.#edges.get(m.room);
    if (edge && edge.ownerNode === m.from) edge.pipe.received(m.message);
  }

  /** Owner side: an edge wants a room's streams. A room not hosted here is refused. */
  #offered(edgeNode: string, roomId: string, pipeId: string, message: { offer?: unknown }): void {
    const send = (body: Parameters<PipeWire['seal']>[3]) => this.#send(edgeNode, roomId, pipeId, body);
    const room = this.#options.engine.mediasoupRoom(roomId);
    if (!room || room.closed) return send({ answer: { error: 'no such room on this node' } });
    const pipe = new OriginPipe(room, {
      send,
      listenIp: this.#options.listenIp,
      announcedIp: this.#options.announcedIp,
      silenceMs: this.#options.silenceMs ?? 5_000,
      log: this.#log.child({ room: roomId, edge: edgeNode }),
      onClosed: () => {
        if (this.#origins.get(pipeId)?.pipe === pipe) this.#origins.delete(pipeId);
      },
    });
    this.#origins.set(pipeId, { pipe, edgeNode, room: roomId });
    void pipe.open((message as { offer: Parameters<OriginPipe['open']>[0] }).offer);
  }
}

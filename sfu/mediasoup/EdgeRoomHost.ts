/**
 * The edge's role in a spread room (docs/cluster.md "One lesson over several nodes"): an owner
 * node places some peers' receiving side here. The first call for a room creates the room of the
 * same id in this engine and pipes the owner's streams into it (NodePipes.pipeFrom: same producer
 * ids, so the owner's subscriptions name streams that exist here); each call is done on that room
 * and answered; the room's events for those peers go back to the owner. A room the owner stopped
 * keeping (no `keep` for `deadAfterMs`: the owner died or forgot it) is closed. See docs/closures.md.
 */
import { SerialQueue, SingleFlight, UnavailableError, type Clock, type Logger } from '../../platform/index.js';
import type { ConsumersChange, RtpCapabilities, TransportOptions } from '../TransportNegotiationTypes.js';
import { nodeFull } from './edgePlacement.js';
import type { MediasoupEngine } from './MediasoupEngine.js';
import type { MediasoupRoom } from './MediasoupRoom.js';
import type { NodePipes } from './NodePipes.js';
import type { RoomBody, RoomErrorCode, RoomOp } from './roomWire.js';

export interface EdgeRoomHostDeps {
  engine: MediasoupEngine;
  pipes: NodePipes;
  send(to: string, room: string, callId: number, body: RoomBody): void;
  log: Logger;
  clock: Clock;
  /** A room not kept by its owner this long is closed. */
  deadAfterMs: number;
}

interface Served {
  owner: string;
  room: MediasoupRoom;
  peers: Set<string>;
  lastKept: number;
}

export class EdgeRoomHost {
  readonly #deps: EdgeRoomHostDeps;
  readonly #served = new Map<string, Served>();
  readonly #opening = new SingleFlight<string, Served>();
  /** Admissions (connectPeer calls), one at a time. */
  readonly #admitting = new SerialQueue('edge admissions');
  #closed = false;

  constructor(deps: EdgeRoomHostDeps) {
    this.#deps = deps;
  }

  /** Peers whose receiving side this node serves for other nodes (part of the load it announces). */
  get peerCount(): number {
    let n = 0;
    for (const s of this.#served.values()) n += s.peers.size;
    return n;
  }

  /** Rooms this node serves as an edge now. */
  get roomCount(): number {
    return this.#served.size;
  }

  /** Whether this node serves room `roomId` as an edge now. */
  serving(roomId: string): boolean {
    return this.#served.has(roomId);
  }

  /** Stops serving `roomId` (this node is about to own it: its owner is gone). */
  async release(roomId: string): Promise<void> {
    const s = this.#served.get(roomId);
    this.#served.delete(roomId);
    await s?.room.close();
  }

  /** A call of `owner` for one of its peers in `roomId`: done and answered (an error is answered too). */
  async call(owner: string, roomId: string, callId: number, peerId: string, op: RoomOp): Promise<void> {
    const reply = (body: Omit<Extract<RoomBody, { kind: 'reply' }>, 'kind'>) => this.#deps.send(owner, roomId, callId, { kind: 'reply', ...body });
    try {
      const served = this.#served.get(roomId);
      if (op.op !== 'connectPeer' && (!served || served.owner !== owner || !served.peers.has(peerId))) {
        // A peer this node does not have (it restarted, or dropped the room): the owner places it again.
        if (op.op === 'removePeer') return reply({});
        return reply({ error: { code: 'not_found', message: 'no such peer on this edge' } });
      }
      switch (op.op) {
        case 'connectPeer': {
          // One admission at a time, each once the previous peer counts in this node's load: a
          // burst from an owner (its audience coming back after a failover) is refused past the limits.
          const recv = await this.#admitting.push(() => this.#admit(owner, roomId, peerId, op.rtpCapabilities));
          return reply(recv ? { recv } : { error: { code: 'full', message: 'this node is full too' } });
        }
        case 'connectTransport':
          await served?.room.connectTransport(peerId, 'recv', op.dtlsParameters);
          return reply({});
        case 'setSubscriptions':
          await served?.room.setSubscriptions(peerId, op.streams);
          return reply({});
        case 'setLayer':
          await served?.room.setLayer(peerId, op.stream, op.layer);
          return reply({});
        case 'resumeConsumer':
          await served?.room.resumeConsumer(peerId, op.consumerId);
          return reply({});
        case 'restartIce':
          return reply({ ice: await (served as Served).room.restartIce(peerId, 'recv') });
        case 'removePeer':
          served?.peers.delete(peerId);
          await served?.room.removePeer(peerId);
          if (served && served.peers.size === 0) await this.release(roomId);
          return reply({});
      }
    } catch (err) {
      this.#deps.log.warn({ err, room: roomId, peerId, op: op.op }, 'sfu: an edge call failed');
      reply({ error: { code: errorCode(err), message: err instanceof Error ? err.message.slice(0, 200) : 'failed' } });
    }
  }

  /** Serves `peerId`'s receiving side in `owner`'s room (opened on first use); undefined when this node is full. */
  async #admit(owner: string, roomId: string, peerId: string, rtpCapabilities: RtpCapabilities): Promise<TransportOptions | undefined> {
    const served = this.#served.get(roomId);
    const s = served?.owner === owner && !served.room.closed ? served : await this.#open(owner, roomId);
    if (this.#closed) throw new UnavailableError('edge closing');
    if (!s.peers.has(peerId) && nodeFull(this.#deps.engine.workerLoads(), this.#deps.engine.peerLimits)) return undefined;
    s.peers.add(peerId);
    return s.room.connectPeerSide(peerId, rtpCapabilities, 'recv');
  }

  /** The owner still has these peers here: the room lives on; the owner is told which peers this node has. */
  keep(owner: string, roomId: string): void {
    const s = this.#served.get(roomId);
    if (s && s.owner === owner) s.lastKept = this.#deps.clock.now();
    this.#deps.send(owner, roomId, 0, { kind: 'kept', peers: s && s.owner === owner ? [...s.peers] : [] });
  }

  /** Closes the rooms their owners stopped keeping. */
  sweep(): void {
    const now = this.#deps.clock.now();
    for (const [id, s] of this.#served) {
      if (now - s.lastKept <= this.#deps.deadAfterMs) continue;
      this.#deps.log.warn({ room: id, owner: s.owner }, 'sfu: the owner stopped keeping an edge room: closed');
      void this.release(id);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const rooms = [...this.#served.keys()];
    await Promise.allSettled(rooms.map((id) => this.release(id)));
  }

  #open(owner: string, roomId: string): Promise<Served> {
    return this.#opening.run(roomId, async () => {
      const old = this.#served.get(roomId);
      if (old) await this.release(roomId); // the lesson moved to another owner: start over for it
      // A room of that id this node does not serve as an edge is its own lesson (two nodes both
      // believing they own it, until the cluster's next heartbeat says which): never mixed.
      if (this.#deps.engine.mediasoupRoom(roomId)) throw new UnavailableError('this node hosts that room itself');
      const room = (await this.#deps.engine.createRoom(roomId)) as MediasoupRoom;
      const served: Served = { owner, room, peers: new Set(), lastKept: this.#deps.clock.now() };
      if (this.#closed) {
        await room.close();
        throw new Error('edge closing');
      }
      this.#served.set(roomId, served);
      this.#wire(served, roomId);
      this.#deps.pipes.pipeFrom(roomId, owner);
      this.#deps.log.info({ room: roomId, owner }, 'sfu: serving a room as an edge');
      return served;
    });
  }

  #wire(s: Served, roomId: string): void {
    const event = (peerId: string, body: { change?: ConsumersChange; reset?: string }) => {
      if (this.#served.get(roomId) === s && s.peers.has(peerId)) this.#deps.send(s.owner, roomId, 0, { kind: 'event', peerId, ...body });
    };
    s.room.on('consumersChanged', (peerId, change) => event(peerId, { change }));
    s.room.on('peerReset', (peerId, reason) => {
      event(peerId, { reset: reason });
      s.peers.delete(peerId);
    });
    // The edge's own worker died: every peer here starts over (the owner places them again).
    s.room.on('reset', (reason) => {
      for (const p of [...s.peers]) event(p, { reset: reason });
      s.peers.clear();
    });
    s.room.once('closed', () => {
      for (const p of [...s.peers]) this.#deps.send(s.owner, roomId, 0, { kind: 'event', peerId: p, reset: 'edge room closed' });
      if (this.#served.get(roomId) === s) this.#served.delete(roomId);
    });
  }
}

function errorCode(err: unknown): RoomErrorCode {
  const name = err instanceof Error ? err.name : '';
  if (name === 'ValidationError') return 'validation';
  if (name === 'NotFoundError') return 'not_found';
  if (name === 'UnavailableError' || name === 'ClosedError') return 'unavailable';
  return 'internal';
}

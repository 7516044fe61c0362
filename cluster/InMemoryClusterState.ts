/**
 * The in-memory stand-in for Redis: the state every in-memory node of one process shares.
 * Each method is synchronous, hence atomic, and mirrors one Lua script of the Redis version
 * (redisScripts.ts), so the two implementations keep the same semantics. Expiry is lazy: an
 * entry past its deadline is treated (and dropped) as absent when next read.
 */
import { ConflictError, systemClock, type Clock } from '../platform/index.js';
import type { NodeAnnouncement, NodeInfo } from './ClusterTypes.js';
import { InMemoryLessonStateData } from './InMemoryLessonState.js';

/** A node's bus endpoint, as the shared state sees it. */
export interface BusEndpoint {
  listens(channel: string): boolean;
  deliver(channel: string, payload: Uint8Array): void;
}

export interface InMemoryClusterStateOptions {
  /** Time source for TTLs and `lastHeartbeat`. Default: the system clock. */
  clock?: Clock;
}

interface NodeEntry {
  info: NodeInfo;
  expiresAt: number;
}

interface Lease {
  owner: string;
  expiresAt: number;
}

export class InMemoryClusterState {
  readonly clock: Clock;
  /** The lessons' transient state (LessonStateStore), shared like the rest. */
  readonly lessons: InMemoryLessonStateData;
  readonly #nodes = new Map<string, NodeEntry>();
  readonly #leases = new Map<string, Lease>();
  readonly #endpoints = new Set<BusEndpoint>();

  constructor(options: InMemoryClusterStateOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.lessons = new InMemoryLessonStateData(this.clock);
  }

  announce(node: NodeAnnouncement, ttlMs: number): NodeInfo {
    const now = this.clock.now();
    const info: NodeInfo = { id: node.id, url: node.url, state: node.state, load: { ...node.load }, lastHeartbeat: now };
    this.#nodes.set(node.id, { info, expiresAt: now + ttlMs });
    return copyInfo(info);
  }

  withdraw(nodeId: string): void {
    this.#nodes.delete(nodeId);
    for (const [roomId, lease] of this.#leases) if (lease.owner === nodeId) this.#leases.delete(roomId);
  }

  getNode(nodeId: string): NodeInfo | undefined {
    const entry = this.#liveNode(nodeId);
    return entry && copyInfo(entry.info);
  }

  listNodes(): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const id of [...this.#nodes.keys()].sort()) {
      const entry = this.#liveNode(id);
      if (entry) out.push(copyInfo(entry.info));
    }
    return out;
  }

  nodeForRoom(roomId: string): string | undefined {
    const lease = this.#liveLease(roomId);
    return lease && this.#liveNode(lease.owner) ? lease.owner : undefined;
  }

  claimRoom(roomId: string, nodeId: string, leaseMs: number): string {
    this.#requireAnnounced(nodeId);
    const owner = this.nodeForRoom(roomId);
    if (owner !== undefined && owner !== nodeId) return owner;
    this.#leases.set(roomId, { owner: nodeId, expiresAt: this.clock.now() + leaseMs });
    return nodeId;
  }

  renewRooms(nodeId: string, roomIds: readonly string[], leaseMs: number): string[] {
    this.#requireAnnounced(nodeId);
    const lost: string[] = [];
    for (const roomId of roomIds) {
      if (this.claimRoom(roomId, nodeId, leaseMs) !== nodeId) lost.push(roomId);
    }
    return lost;
  }

  releaseRoom(roomId: string, nodeId: string): boolean {
    const lease = this.#liveLease(roomId);
    if (lease?.owner !== nodeId) return false;
    this.#leases.delete(roomId);
    return true;
  }

  roomsOf(nodeId: string): string[] {
    if (!this.#liveNode(nodeId)) return [];
    const out: string[] = [];
    for (const roomId of [...this.#leases.keys()]) {
      if (this.#liveLease(roomId)?.owner === nodeId) out.push(roomId);
    }
    return out.sort();
  }

  addEndpoint(endpoint: BusEndpoint): void {
    this.#endpoints.add(endpoint);
  }

  removeEndpoint(endpoint: BusEndpoint): void {
    this.#endpoints.delete(endpoint);
  }

  /**
   * Hands `payload` to every endpoint listening on `channel`, each its own copy (as separate
   * machines would get), on a later turn of the event loop (as a network would); returns
   * how many endpoints listened.
   */
  publish(channel: string, payload: Uint8Array): number {
    let receivers = 0;
    for (const endpoint of this.#endpoints) {
      if (!endpoint.listens(channel)) continue;
      receivers++;
      const copy = new Uint8Array(payload); // a plain copy, even of a Buffer (whose slice() is a view)
      setImmediate(() => endpoint.deliver(channel, copy));
    }
    return receivers;
  }

  #requireAnnounced(nodeId: string): void {
    if (!this.#liveNode(nodeId)) throw new ConflictError(`node ${nodeId} is not announced`);
  }

  #liveNode(nodeId: string): NodeEntry | undefined {
    const entry = this.#nodes.get(nodeId);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.#nodes.delete(nodeId);
      return undefined;
    }
    return entry;
  }

  #liveLease(roomId: string): Lease | undefined {
    const lease = this.#leases.get(roomId);
    if (lease && lease.expiresAt <= this.clock.now()) {
      this.#leases.delete(roomId);
      return undefined;
    }
    return lease;
  }
}

function copyInfo(info: NodeInfo): NodeInfo {
  return { ...info, load: { ...info.load } };
}

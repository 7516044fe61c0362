/**
 * The scaled-out cluster (T6): node registry, room directory and message bus over one
 * standalone Redis (options take a URL: no Sentinel or Redis Cluster yet). Every write is one
 * Lua script (redisScripts.ts); every key is in keys.ts; connections and reconnection in
 * RedisConnections.ts.
 */
import type { Redis } from 'ioredis';
import { ConflictError, silentLogger, type Logger } from '../platform/index.js';
import type {
  Cluster,
  ClusterDependencies,
  ClusterTiming,
  LessonStateStore,
  NodeAnnouncement,
  NodeInfo,
  NodeRegistry,
  RoomDirectory,
} from './ClusterTypes.js';
import { clusterKeys, DEFAULT_KEY_PREFIX, type ClusterKeys } from './keys.js';
import { PendingCalls } from './PendingCalls.js';
import { RedisConnections, resolveRedisOptions, storeError, type RedisClusterOptions } from './RedisConnections.js';
import { RedisLessonState } from './RedisLessonState.js';
import { RedisMessageBus } from './RedisMessageBus.js';
import * as scripts from './redisScripts.js';
import { checkAnnouncement, checkId, resolveClusterOptions } from './validation.js';

/** Rooms renewed per script call: bounds the time one call holds Redis. */
const RENEW_BATCH = 500;

/** Runs one store operation: a failure of Redis becomes an UnavailableError. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storeError(what, error);
  }
}

function notAnnounced(nodeId: string): ConflictError {
  return new ConflictError(`node ${nodeId} is not announced`);
}

function strings(reply: unknown): string[] {
  return Array.isArray(reply) ? reply.map((x) => String(x)) : [];
}

/** A node record from its hash fields, or undefined if the hash is not one (foreign data). */
export function nodeFromHash(id: string, hash: Record<string, string>): NodeInfo | undefined {
  const { url, state } = hash;
  const rooms = Number(hash.rooms);
  const participants = Number(hash.participants);
  const lastHeartbeat = Number(hash.lastHeartbeat);
  if (!url || (state !== 'active' && state !== 'draining')) return undefined;
  if (![rooms, participants, lastHeartbeat].every(Number.isFinite)) return undefined;
  return { id, url, state, load: { rooms, participants }, lastHeartbeat };
}

function hashFromPairs(pairs: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = strings(pairs);
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i] as string] = list[i + 1] as string;
  return out;
}

class RedisNodeRegistry implements NodeRegistry {
  constructor(
    readonly redis: Redis,
    readonly keys: ClusterKeys,
    readonly calls: PendingCalls,
    readonly timing: ClusterTiming,
  ) {}

  announce(node: NodeAnnouncement): Promise<NodeInfo> {
    return this.calls.run(async () => {
      checkAnnouncement(node);
      const { id, url, state, load } = node;
      const now = await call('announce', () =>
        scripts.announce.run(this.redis, [this.keys.node(id), this.keys.nodeIndex], [
          id, this.timing.nodeTtlMs, url, state, load.rooms, load.participants,
        ]),
      );
      return { id, url, state, load: { ...load }, lastHeartbeat: Number(now) };
    });
  }

  withdraw(nodeId: string): Promise<void> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      const { keys } = this;
      await call('withdraw', () =>
        scripts.withdraw.run(this.redis, [keys.node(nodeId), keys.nodeIndex, keys.nodeRooms(nodeId)], [nodeId, keys.roomPrefix]),
      );
    });
  }

  getNode(nodeId: string): Promise<NodeInfo | undefined> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      const hash = await call('getNode', () => this.redis.hgetall(this.keys.node(nodeId)));
      return nodeFromHash(nodeId, hash);
    });
  }

  listNodes(): Promise<NodeInfo[]> {
    return this.calls.run(async () => {
      const reply = await call('listNodes', () => scripts.listNodes.run(this.redis, [this.keys.nodeIndex], [this.keys.nodePrefix]));
      const nodes: NodeInfo[] = [];
      for (const entry of Array.isArray(reply) ? reply : []) {
        if (!Array.isArray(entry)) continue;
        const node = nodeFromHash(String(entry[0]), hashFromPairs(entry[1]));
        if (node) nodes.push(node);
      }
      return nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    });
  }
}

class RedisRoomDirectory implements RoomDirectory {
  constructor(
    readonly redis: Redis,
    readonly keys: ClusterKeys,
    readonly calls: PendingCalls,
    readonly timing: ClusterTiming,
  ) {}

  nodeForRoom(roomId: string): Promise<string | undefined> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      const owner = await call('nodeForRoom', () => scripts.nodeForRoom.run(this.redis, [this.keys.room(roomId)], [this.keys.nodePrefix]));
      return owner === null || owner === undefined ? undefined : String(owner);
    });
  }

  claimRoom(roomId: string, nodeId: string): Promise<string> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      checkId('node', nodeId);
      const { keys } = this;
      const owner = await call('claimRoom', () =>
        scripts.claimRoom.run(this.redis, [keys.room(roomId), keys.node(nodeId), keys.nodeRooms(nodeId)], [
          nodeId, this.timing.leaseTtlMs, keys.nodePrefix, roomId,
        ]),
      );
      if (owner === null || owner === undefined) throw notAnnounced(nodeId);
      return String(owner);
    });
  }

  renewRooms(nodeId: string, roomIds: readonly string[]): Promise<string[]> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      for (const roomId of roomIds) checkId('room', roomId);
      const { keys } = this;
      const lost: string[] = [];
      // One call even for no rooms: it checks the node is announced and refreshes its index.
      for (let start = 0; start === 0 || start < roomIds.length; start += RENEW_BATCH) {
        const batch = roomIds.slice(start, start + RENEW_BATCH);
        const reply = await call('renewRooms', () =>
          scripts.renewRooms.run(this.redis, [keys.node(nodeId), keys.nodeRooms(nodeId), ...batch.map((r) => keys.room(r))], [
            nodeId, this.timing.leaseTtlMs, keys.nodePrefix, ...batch,
          ]),
        );
        if (reply === null || reply === undefined) throw notAnnounced(nodeId);
        lost.push(...strings(reply));
      }
      return lost;
    });
  }

  releaseRoom(roomId: string, nodeId: string): Promise<boolean> {
    return this.calls.run(async () => {
      checkId('room', roomId);
      checkId('node', nodeId);
      const released = await call('releaseRoom', () =>
        scripts.releaseRoom.run(this.redis, [this.keys.room(roomId), this.keys.nodeRooms(nodeId)], [nodeId, roomId]),
      );
      return Number(released) === 1;
    });
  }

  roomsOf(nodeId: string): Promise<string[]> {
    return this.calls.run(async () => {
      checkId('node', nodeId);
      const { keys } = this;
      const reply = await call('roomsOf', () =>
        scripts.roomsOf.run(this.redis, [keys.nodeRooms(nodeId), keys.node(nodeId)], [nodeId, keys.roomPrefix]),
      );
      return strings(reply).sort();
    });
  }
}

class RedisCluster implements Cluster {
  readonly nodes: NodeRegistry;
  readonly rooms: RoomDirectory;
  readonly bus: RedisMessageBus;
  readonly lessonState: LessonStateStore;
  readonly timing: ClusterTiming;
  readonly #calls = new PendingCalls('cluster');
  readonly #connections: RedisConnections;

  constructor(connections: RedisConnections, keys: ClusterKeys, options: RedisClusterOptions, logger: Logger) {
    const { timing, maxPayloadBytes } = resolveClusterOptions(options);
    this.#connections = connections;
    this.timing = timing;
    this.nodes = new RedisNodeRegistry(connections.command, keys, this.#calls, timing);
    this.rooms = new RedisRoomDirectory(connections.command, keys, this.#calls, timing);
    this.bus = new RedisMessageBus(connections.command, connections.subscriber, keys, this.#calls, maxPayloadBytes, logger);
    this.lessonState = new RedisLessonState(connections.command, keys, this.#calls, maxPayloadBytes);
  }

  get closed(): boolean {
    return this.#calls.closed;
  }

  close(): Promise<void> {
    if (!this.#calls.closed) {
      this.#calls.close();
      this.bus.parentClosed();
    }
    return this.#connections.close();
  }
}

/**
 * A node's handle on a Redis-backed cluster. Connects before resolving; rejects with an
 * UnavailableError when Redis cannot be reached within `connectTimeoutMs`.
 */
export async function createRedisCluster(options: RedisClusterOptions = {}, deps: ClusterDependencies = {}): Promise<Cluster> {
  resolveClusterOptions(options); // reject bad options before opening sockets
  const logger = (deps.logger ?? silentLogger()).child({ component: 'cluster' });
  const connections = await RedisConnections.open(resolveRedisOptions(options), logger);
  return new RedisCluster(connections, clusterKeys(options.keyPrefix ?? DEFAULT_KEY_PREFIX), options, logger);
}

/**
 * Cross-node state, named in domain words (conventions §8): which nodes are alive and how
 * loaded they are (`NodeRegistry`), which node hosts which live lesson (`RoomDirectory`), and
 * a message bus between nodes (`MessageBus`). Two implementations share these interfaces and
 * one contract suite (contract.ts): in-memory (one process, the embedded default) and Redis.
 * main.ts alone chooses between them.
 */
import type { Logger } from '../platform/index.js';

/** `draining` nodes keep their rooms and stay listed, but are never chosen for a new room. */
export type NodeState = 'active' | 'draining';

/** What a node reports about itself on each heartbeat. */
export interface NodeLoad {
  /** Rooms (live lessons) hosted now. */
  rooms: number;
  /** Participants connected to those rooms now. */
  participants: number;
}

/** What a node announces about itself. */
export interface NodeAnnouncement {
  /**
   * Unique per process lifetime (e.g. `newId('node')` at start), not a host name: a node that
   * restarts under the same id within a lease could be handed rooms it no longer hosts.
   * Letters, digits, `_`, `-`, `.`; at most 128 characters.
   */
  id: string;
  /** Public base URL clients are sent to when the room they want lives on this node. */
  url: string;
  state: NodeState;
  load: NodeLoad;
}

/** A live node as listed by the registry. */
export interface NodeInfo extends NodeAnnouncement {
  /** When the last announcement was recorded, in ms since the epoch (the store's clock). */
  lastHeartbeat: number;
}

/**
 * The nodes of the cluster. A record lives `nodeTtlMs` after its last announcement; a node
 * that stops announcing (crash, network split) disappears on its own.
 */
export interface NodeRegistry {
  /**
   * Writes this node's record (replacing the previous one) and restarts its TTL: the first
   * announcement and every heartbeat. Idempotent, so it also restores a record that the
   * store lost (a Redis restart).
   */
  announce(node: NodeAnnouncement): Promise<NodeInfo>;
  /**
   * Removes the node's record and gives up every room it owns, at once (graceful shutdown).
   * A no-op for an unknown node.
   */
  withdraw(nodeId: string): Promise<void>;
  /** The live record of `nodeId`, or undefined. */
  getNode(nodeId: string): Promise<NodeInfo | undefined>;
  /** Every live node, active and draining, sorted by id. */
  listNodes(): Promise<NodeInfo[]>;
}

/**
 * Which node hosts which room. A room is owned by a node while the node's lease on it lives
 * (`leaseTtlMs` after the last claim or renewal) *and* the node is announced in the registry;
 * otherwise the room is free and the next claim takes it. Every operation is atomic: two
 * nodes claiming at once never both win.
 */
export interface RoomDirectory {
  /** The id of the node that owns `roomId`, or undefined when it is free. */
  nodeForRoom(roomId: string): Promise<string | undefined>;
  /**
   * Claims `roomId` for `nodeId` if it is free (never claimed, released, lease run out, owner
   * no longer announced); renews the lease if `nodeId` already owns it. Returns the owner after
   * the call: `nodeId` when the claim held, another node's id when that node owns the room.
   * Precondition: `nodeId` is announced (ConflictError otherwise). A node may claim on behalf
   * of another, e.g. the one `pickNodeForNewRoom` chose.
   */
  claimRoom(roomId: string, nodeId: string): Promise<string>;
  /**
   * Renews `nodeId`'s leases on `roomIds` (the rooms it hosts), re-taking any that became
   * free meanwhile (the store lost them, or the lease ran out and nobody claimed the room).
   * Returns the rooms it lost to another node: the caller must stop hosting them.
   * Precondition: `nodeId` is announced (ConflictError otherwise).
   */
  renewRooms(nodeId: string, roomIds: readonly string[]): Promise<string[]>;
  /** Frees `roomId` if `nodeId` owns it; returns whether it did. Other owners are untouched. */
  releaseRoom(roomId: string, nodeId: string): Promise<boolean>;
  /** Rooms `nodeId` owns now, sorted. */
  roomsOf(nodeId: string): Promise<string[]>;
}

/** Receives one message. A handler that throws (or rejects) is logged; others still run. */
export type MessageHandler = (payload: Uint8Array, channel: string) => void | Promise<void>;

/** Stops one subscription; safe to call twice. Resolves once the store stopped sending. */
export type Unsubscribe = () => Promise<void>;

/**
 * Fire-and-forget messages between nodes on named channels (Redis pub/sub): a message reaches
 * the nodes subscribed when it is published, at most once; nothing is stored or replayed.
 * Messages from one publisher on one channel arrive in order.
 */
export interface MessageBus {
  /**
   * Sends `payload` to every subscriber of `channel` on every node, this one included.
   * Returns how many nodes had a subscription. Handlers must not modify the payload.
   */
  publish(channel: string, payload: Uint8Array): Promise<number>;
  /** Calls `handler` for each message on `channel`, from the moment the promise resolves. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
}

/**
 * A live lesson's transient state: what the lesson's next owner needs to go on where the last
 * one stopped (the recent chat, raised hands, open breakout groups: docs/cluster.md "State
 * after a move"), kept only while the lesson runs. Not a record: every key expires `ttlMs`
 * after its last write (the caller ties it to the lesson's end) and `clear()` drops it all
 * when the lesson ends. Values are opaque texts (JSON), each at most `maxPayloadBytes`.
 * Slots are names (`[A-Za-z0-9_.-]{1,128}`) the caller chooses.
 */
export interface LessonStateStore {
  /** Replaces the value of one slot of the lesson. The value slots of a lesson expire together, `ttlMs` after the last put. */
  put(lessonId: string, slot: string, value: string, ttlMs: number): Promise<void>;
  /** Appends to a list slot of the lesson, keeping only its newest `max` entries (1..10000); the list expires `ttlMs` after its last append. */
  append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): Promise<void>;
  /** Everything kept for the lesson: value slots, and list slots oldest first. */
  load(lessonId: string): Promise<KeptLessonState>;
  /** Drops everything kept for the lesson (it ended). */
  clear(lessonId: string): Promise<void>;
}

export interface KeptLessonState {
  values: Record<string, string>;
  lists: Record<string, string[]>;
}

/** Lifetimes shared by both implementations. */
export interface ClusterTimingOptions {
  /** How long a node record lives after its last announcement. Default 10000 ms. */
  nodeTtlMs?: number;
  /** How long a room lease lives after its last claim or renewal. Default 15000 ms. */
  leaseTtlMs?: number;
}

export interface ClusterTiming {
  readonly nodeTtlMs: number;
  readonly leaseTtlMs: number;
}

export interface ClusterOptions extends ClusterTimingOptions {
  /** Largest bus payload; a bigger one is refused with a TooLargeError. Default 1 MiB. */
  maxPayloadBytes?: number;
}

/** What every factory needs besides its options. */
export interface ClusterDependencies {
  /** Where handler errors and connection trouble go. Default: a silent logger. */
  logger?: Logger;
}

/**
 * One node's handle on the cluster. Closing it stops its subscriptions and (Redis) quits its
 * connections; it does not withdraw the node or release rooms (NodeMembership.close does),
 * so a closed handle looks to the other nodes like a crashed node until the TTLs run out.
 */
export interface Cluster {
  readonly nodes: NodeRegistry;
  readonly rooms: RoomDirectory;
  readonly bus: MessageBus;
  readonly lessonState: LessonStateStore;
  readonly timing: ClusterTiming;
  readonly closed: boolean;
  /** Rejects pending calls with a ClosedError, then releases resources. Safe to call twice. */
  close(): Promise<void>;
}

export const DEFAULT_NODE_TTL_MS = 10_000;
export const DEFAULT_LEASE_TTL_MS = 15_000;
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

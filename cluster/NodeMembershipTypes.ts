import type { Logger } from '../platform/index.js';
import type { NodeRegistry, NodeLoad, RoomDirectory, ClusterTiming } from './ClusterTypes.js';

export interface NodeMembershipOptions {
  /** The cluster handle of this node (only its registry, directory and timing are used). */
  cluster: { readonly nodes: NodeRegistry; readonly rooms: RoomDirectory; readonly timing: ClusterTiming };
  /** This node's id (unique per process lifetime, see NodeAnnouncement.id) and public URL. */
  node: { id: string; url: string };
  /** This node's load now; read at every heartbeat. */
  load(): NodeLoad;
  /** The rooms this node hosts now; read at every heartbeat, their leases renewed. */
  hostedRooms(): Iterable<string>;
  /**
   * Time between heartbeats. Default: a third of the shorter of nodeTtlMs and leaseTtlMs, so
   * that two heartbeats can fail before anything expires.
   */
  heartbeatIntervalMs?: number;
  /** Default: a silent logger. */
  logger?: Logger;
}

export type NodeMembershipEvents = {
  /**
   * Rooms this node hosted that another node owns now (its lease ran out and another node
   * claimed them): the node must stop hosting them and send their participants away.
   */
  roomsLost: [roomIds: string[]];
  /** A heartbeat failed (the store unreachable); the next one tries again. */
  heartbeatFailed: [error: unknown];
};

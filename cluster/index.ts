/**
 * cluster: which nodes are alive, which node hosts which room, and messages between nodes.
 * In-memory (one machine, the default) or Redis (scaled out), chosen only in main.ts.
 * Design: docs/cluster.md.
 */
export type {
  Cluster,
  ClusterDependencies,
  ClusterOptions,
  ClusterTiming,
  ClusterTimingOptions,
  KeptLessonState,
  LessonStateStore,
  MessageBus,
  MessageHandler,
  NodeAnnouncement,
  NodeInfo,
  NodeLoad,
  NodeRegistry,
  NodeState,
  RoomDirectory,
  Unsubscribe,
} from './ClusterTypes.js';
export { DEFAULT_LEASE_TTL_MS, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_NODE_TTL_MS } from './ClusterTypes.js';
export { createInMemoryCluster, type InMemoryClusterOptions } from './InMemoryCluster.js';
export { InMemoryClusterState, type InMemoryClusterStateOptions } from './InMemoryClusterState.js';
export { createRedisCluster } from './RedisCluster.js';
export { DEFAULT_REDIS_URL, type RedisClusterOptions } from './RedisConnections.js';
export { DEFAULT_KEY_PREFIX } from './keys.js';
export { pickNodeForNewRoom } from './placement.js';
export { NodeMembership } from './NodeMembership.js';
export type { NodeMembershipEvents, NodeMembershipOptions } from './NodeMembershipTypes.js';
export { NodeProbe, probeChannel, type NodeProbeOptions } from './NodeProbe.js';

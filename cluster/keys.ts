/**
 * Every Redis key and pub/sub channel the cluster uses (conventions §9), with its shape and TTL.
 * Nothing else in the repository builds a cluster key. All names start with the configured
 * prefix (default `classroom:`), so several deployments or test runs can share one Redis.
 * Ids are restricted by validation.ts (no `:`), so no two names can collide.
 *
 * Lua scripts (redisScripts.ts) receive the *prefixes* below as arguments when they must
 * build a key from a value they read (the owner of a room): that is the one place a key is
 * assembled outside this file, always as `<prefix><id>` exactly as here. Because of that, and
 * because scripts touch keys of several nodes, the cluster runs on a standalone Redis,
 * not on Redis Cluster.
 */

export const DEFAULT_KEY_PREFIX = 'classroom:';

export interface ClusterKeys {
  readonly prefix: string;
  /**
   * `<p>node:<nodeId>` HASH {url, state, rooms, participants, lastHeartbeat (ms, Redis clock)}.
   * TTL: nodeTtlMs, restarted by every announce; deleted by withdraw.
   */
  node(nodeId: string): string;
  /** `<p>node:` the prefix of `node()`, for scripts. */
  readonly nodePrefix: string;
  /**
   * `<p>nodes` ZSET member nodeId, score = when that node's record expires (ms, Redis clock):
   * the index listNodes reads, because a SCAN over `node:*` would walk the whole keyspace.
   * Expired members are pruned on each listNodes. TTL: the longest node TTL, pushed forward by
   * every announce, so the index disappears once no node announces.
   */
  readonly nodeIndex: string;
  /**
   * `<p>room:<roomId>` STRING the owner's nodeId: the room's lease.
   * TTL: leaseTtlMs, restarted by every claim/renewal of the owner; deleted by release and by
   * the owner's withdraw.
   */
  room(roomId: string): string;
  /** `<p>room:` the prefix of `room()`, for scripts. */
  readonly roomPrefix: string;
  /**
   * `<p>noderooms:<nodeId>` SET of roomIds the node claimed: the index for roomsOf and
   * withdraw. May hold stale members (leases that ran out, rooms taken over); readers check
   * each against its `room:` key and prune. TTL: the lease TTL, pushed forward by every claim
   * and renewal, so it dies with the node's last lease.
   */
  nodeRooms(nodeId: string): string;
  /** `<p>noderooms:` the prefix of `nodeRooms()`, for scripts. */
  readonly nodeRoomsPrefix: string;
  /**
   * `<p>bus:<channel>` a pub/sub channel, not a key: nothing stored, no TTL. Pub/sub ignores
   * the database number, so the prefix is what keeps deployments apart.
   */
  channel(channel: string): string;
  /** `<p>bus:` the prefix of `channel()`, to recover the bus channel name of a message. */
  readonly channelPrefix: string;
  /**
   * `<p>lesson:<lessonId>:values` HASH slot -> value (JSON text): a live lesson's transient
   * state (raised hands, breakout groups; LessonStateStore). TTL: the ttlMs of the last put
   * (the caller ties it to the lesson's end); deleted by clear.
   */
  lessonValues(lessonId: string): string;
  /**
   * `<p>lesson:<lessonId>:lists` SET of the lesson's list slot names: the index load and clear
   * read (no SCAN). TTL: pushed forward to the ttlMs of every append; deleted by clear.
   */
  lessonLists(lessonId: string): string;
  /**
   * `<p>lesson:<lessonId>:list:` + slot: LIST of values, oldest first, trimmed to the newest
   * `max` on each append (the recent chat of one room of the lesson). TTL: the ttlMs of the
   * last append; deleted by clear. Scripts build it from this prefix and a slot name.
   */
  lessonListPrefix(lessonId: string): string;
}

export function clusterKeys(prefix: string = DEFAULT_KEY_PREFIX): ClusterKeys {
  const nodePrefix = `${prefix}node:`;
  const roomPrefix = `${prefix}room:`;
  const nodeRoomsPrefix = `${prefix}noderooms:`;
  const channelPrefix = `${prefix}bus:`;
  return {
    prefix,
    node: (nodeId) => nodePrefix + nodeId,
    nodePrefix,
    nodeIndex: `${prefix}nodes`,
    room: (roomId) => roomPrefix + roomId,
    roomPrefix,
    nodeRooms: (nodeId) => nodeRoomsPrefix + nodeId,
    nodeRoomsPrefix,
    channel: (channel) => channelPrefix + channel,
    channelPrefix,
    lessonValues: (lessonId) => `${prefix}lesson:${lessonId}:values`,
    lessonLists: (lessonId) => `${prefix}lesson:${lessonId}:lists`,
    lessonListPrefix: (lessonId) => `${prefix}lesson:${lessonId}:list:`,
  };
}

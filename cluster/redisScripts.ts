/**
 * The Lua scripts behind every write of the Redis version: each read-check-write runs inside
 * Redis as one atomic step, so no two nodes can interleave between the check and the write.
 * (A plain `SET NX PX` could not take over a room whose lease still lives but whose owner is
 * no longer announced, hence a script for the claim too.) Each script mirrors one method of
 * InMemoryClusterState. Times come from Redis's own clock (`TIME`), never a node's, so clock
 * skew between machines cannot shorten or stretch a TTL. Key shapes: keys.ts.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const NOW = `local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;
/** Pushes a key's TTL forward to at least `ms` (PEXPIRE GT treats "no TTL" as infinite). */
const EXTEND = `local function extend(key, ms)
  local current = redis.call('PTTL', key)
  if current ~= -2 and current < ms then redis.call('PEXPIRE', key, ms) end
end
`;

/** A script run by EVALSHA, falling back to EVAL when Redis lost its script cache (restart). */
export class LuaScript {
  readonly sha: string;
  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * KEYS node, nodeIndex; ARGV nodeId, ttlMs, url, state, rooms, participants.
 * Replaces the node's record, restarts its TTL, indexes it. Returns lastHeartbeat.
 */
export const announce = new LuaScript('announce', `${NOW}${EXTEND}
local ttl = tonumber(ARGV[2])
local now = now_ms()
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'url', ARGV[3], 'state', ARGV[4], 'rooms', ARGV[5],
  'participants', ARGV[6], 'lastHeartbeat', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
extend(KEYS[2], ttl)
return now
`);

/**
 * KEYS node, nodeIndex, nodeRooms; ARGV nodeId, roomPrefix.
 * Removes the record and frees every room whose lease the node still holds.
 */
export const withdraw = new LuaScript('withdraw', `
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
for _, room in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local key = ARGV[2] .. room
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
redis.call('DEL', KEYS[3])
return 1
`);

/**
 * KEYS nodeIndex; ARGV nodePrefix.
 * Prunes expired index entries; returns [[nodeId, [field, value, ...]], ...] of live nodes.
 */
export const listNodes = new LuaScript('listNodes', `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms())
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local fields = redis.call('HGETALL', ARGV[1] .. id)
  if #fields > 0 then out[#out + 1] = { id, fields } end
end
return out
`);

/** KEYS room; ARGV nodePrefix. The owner if its lease lives and it is announced, else nil. */
export const nodeForRoom = new LuaScript('nodeForRoom', `
local owner = redis.call('GET', KEYS[1])
if owner and redis.call('EXISTS', ARGV[1] .. owner) == 1 then return owner end
return false
`);

/**
 * KEYS room, claimer's node, claimer's nodeRooms; ARGV nodeId, leaseMs, nodePrefix, roomId.
 * nil if the claimer is not announced; else the owner after the call.
 */
export const claimRoom = new LuaScript('claimRoom', `${EXTEND}
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then return owner end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[3], ARGV[4])
extend(KEYS[3], tonumber(ARGV[2]))
return ARGV[1]
`);

/**
 * KEYS node, nodeRooms, room1..roomN; ARGV nodeId, leaseMs, nodePrefix, roomId1..roomIdN.
 * nil if the node is not announced; else the rooms lost to another announced node.
 */
export const renewRooms = new LuaScript('renewRooms', `${EXTEND}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local lost = {}
for i = 3, #KEYS do
  local room = ARGV[i + 1]
  local owner = redis.call('GET', KEYS[i])
  if owner == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    redis.call('SADD', KEYS[2], room)
  elseif owner and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
    lost[#lost + 1] = room
    redis.call('SREM', KEYS[2], room)
  else
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
    redis.call('SADD', KEYS[2], room)
  end
end
extend(KEYS[2], tonumber(ARGV[2]))
return lost
`);

/** KEYS room, nodeRooms; ARGV nodeId, roomId. Compare-and-delete: 1 if released, else 0. */
export const releaseRoom = new LuaScript('releaseRoom', `
redis.call('SREM', KEYS[2], ARGV[2])
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/**
 * KEYS nodeRooms, node; ARGV nodeId, roomPrefix.
 * The rooms whose lease the node holds (none if it is not announced); prunes stale members.
 */
export const roomsOf = new LuaScript('roomsOf', `
if redis.call('EXISTS', KEYS[2]) == 0 then return {} end
local out = {}
for _, room in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('GET', ARGV[2] .. room) == ARGV[1] then out[#out + 1] = room
  else redis.call('SREM', KEYS[1], room) end
end
return out
`);

/** KEYS lessonValues; ARGV slot, value, ttlMs. Replaces one value slot, restarts the hash's TTL. */
export const lessonPut = new LuaScript('lessonPut', `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/**
 * KEYS list, lessonLists; ARGV slot, value, max, ttlMs.
 * Appends, keeps the newest max, restarts the list's TTL, indexes the slot.
 */
export const lessonAppend = new LuaScript('lessonAppend', `${EXTEND}
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
extend(KEYS[2], tonumber(ARGV[4]))
return 1
`);

/**
 * KEYS lessonValues, lessonLists; ARGV listPrefix.
 * Returns { [field, value, ...], [[slot, [items...]], ...] }; prunes index members whose list expired.
 */
export const lessonLoad = new LuaScript('lessonLoad', `
local lists = {}
for _, slot in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local items = redis.call('LRANGE', ARGV[1] .. slot, 0, -1)
  if #items > 0 then lists[#lists + 1] = { slot, items }
  else redis.call('SREM', KEYS[2], slot) end
end
return { redis.call('HGETALL', KEYS[1]), lists }
`);

/** KEYS lessonValues, lessonLists; ARGV listPrefix. Deletes everything kept for the lesson. */
export const lessonClear = new LuaScript('lessonClear', `
for _, slot in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[1] .. slot) end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`);

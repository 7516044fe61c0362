import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../testkit/redis.js';
import type { Cluster } from './ClusterTypes.js';
import { describeClusterContract } from './contract.js';
import { collector, eventually, node, text } from './contractHelpers.js';
import { clusterKeys } from './keys.js';
import { createRedisCluster } from './RedisCluster.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describeClusterContract('Redis', async () => {
  const keyPrefix = redis.newPrefix();
  return {
    join: (options = {}, deps = {}) => createRedisCluster({ ...options, url: redis.url, keyPrefix }, deps),
    dispose: async () => undefined,
  };
});

describe('Redis cluster', () => {
  it('every key it writes carries a TTL', async () => {
    const keyPrefix = redis.newPrefix();
    const keys = clusterKeys(keyPrefix);
    const cluster = await createRedisCluster({ url: redis.url, keyPrefix, nodeTtlMs: 10_000, leaseTtlMs: 15_000 });
    const raw = new Redis(redis.url);
    try {
      await cluster.nodes.announce(node('node-a'));
      await cluster.rooms.claimRoom('room-1', 'node-a');
      await cluster.rooms.renewRooms('node-a', ['room-2']);
      const written = (await raw.keys(`${keyPrefix}*`)).sort();
      expect(written).toEqual(
        [keys.node('node-a'), keys.nodeIndex, keys.nodeRooms('node-a'), keys.room('room-1'), keys.room('room-2')].sort(),
      );
      for (const key of written) {
        const ttl = await raw.pttl(key);
        expect(ttl, key).toBeGreaterThan(0);
        expect(ttl, key).toBeLessThanOrEqual(15_000);
      }
      expect(await raw.pttl(keys.node('node-a'))).toBeLessThanOrEqual(10_000);
      expect(await raw.get(keys.room('room-1'))).toBe('node-a');
      expect(await raw.hgetall(keys.node('node-a'))).toMatchObject({ url: 'https://node-a.example.test', state: 'active' });
      await cluster.nodes.withdraw('node-a');
      expect(await raw.keys(`${keyPrefix}*`)).toEqual([]);
    } finally {
      raw.disconnect();
      await cluster.close();
    }
  });

  it("a lesson's kept state: every key carries the TTL it was written with, and clear() leaves nothing", async () => {
    const keyPrefix = redis.newPrefix();
    const keys = clusterKeys(keyPrefix);
    const cluster = await createRedisCluster({ url: redis.url, keyPrefix });
    const raw = new Redis(redis.url);
    try {
      await cluster.lessonState.put('lesson-1', 'hands', '[]', 60_000);
      await cluster.lessonState.append('lesson-1', 'chat', '{}', 50, 90_000);
      const written = (await raw.keys(`${keyPrefix}*`)).sort();
      expect(written).toEqual([keys.lessonListPrefix('lesson-1') + 'chat', keys.lessonLists('lesson-1'), keys.lessonValues('lesson-1')].sort());
      expect(await raw.pttl(keys.lessonValues('lesson-1'))).toBeGreaterThan(55_000);
      expect(await raw.pttl(keys.lessonValues('lesson-1'))).toBeLessThanOrEqual(60_000);
      for (const key of [keys.lessonLists('lesson-1'), keys.lessonListPrefix('lesson-1') + 'chat']) expect(await raw.pttl(key), key).toBeGreaterThan(85_000);
      await cluster.lessonState.clear('lesson-1');
      expect(await raw.keys(`${keyPrefix}*`)).toEqual([]);
    } finally {
      raw.disconnect();
      await cluster.close();
    }
  });

  it('two deployments with different prefixes do not see each other', async () => {
    const one = await createRedisCluster({ url: redis.url, keyPrefix: redis.newPrefix() });
    const two = await createRedisCluster({ url: redis.url, keyPrefix: redis.newPrefix() });
    try {
      await one.nodes.announce(node('node-a'));
      const heard = collector();
      await two.bus.subscribe('ch', heard.handler);
      expect(await one.bus.publish('ch', text('x'))).toBe(0);
      expect(await two.nodes.listNodes()).toEqual([]);
      expect(heard.received).toEqual([]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('createRedisCluster() rejects with an UnavailableError when Redis cannot be reached', async () => {
    const { freePort } = await import('../testkit/ports.js');
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    await expect(createRedisCluster({ url, connectTimeoutMs: 500 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  describe('across a Redis restart (the server loses everything: no persistence)', () => {
    let server: TestRedis;
    let a: Cluster | undefined;
    let b: Cluster | undefined;
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await server?.stop();
    });

    it('calls fail with UNAVAILABLE while it is down; the bus resubscribes and state is re-announced', async () => {
      server = await startRedis();
      const options = { url: server.url, keyPrefix: 'restart:', commandTimeoutMs: 300, maxReconnectDelayMs: 100 };
      a = await createRedisCluster(options);
      b = await createRedisCluster(options);
      const heard = collector();
      await b.bus.subscribe('ch', heard.handler);
      await a.nodes.announce(node('node-a'));
      await a.rooms.claimRoom('room-1', 'node-a');

      await server.crash();
      await expect(a.rooms.nodeForRoom('room-1')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await server.restart();

      // The subscriber comes back by itself; messages sent meanwhile are lost, later ones arrive.
      await eventually(async () => expect(await a!.bus.publish('ch', text('back'))).toBe(1), 10_000);
      await eventually(() => expect(heard.received).toContain('ch:back'));
      // Records and leases are gone until the owner's next heartbeat puts them back.
      expect(await b.rooms.nodeForRoom('room-1')).toBeUndefined();
      await a.nodes.announce(node('node-a'));
      expect(await a.rooms.renewRooms('node-a', ['room-1'])).toEqual([]);
      expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a');
    });
  });
});

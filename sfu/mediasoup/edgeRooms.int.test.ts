/**
 * Edge rooms on a real bus (docs/cluster.md "One lesson over several nodes"): an owner node and an
 * edge node (two engines, two cluster handles on one real Redis). What reaches a node's
 * `sfu-room.<node>` channel is refused unless genuine, fresh, new and addressed to it — refused
 * messages make no room and get no answer; a genuine call is served and answered once, its replay
 * is not; and a call to a node nobody listens for fails at once instead of at its timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCluster, type Cluster } from '../../cluster/index.js';
import { startTestMediasoupEngine, type TestMediasoupEngine } from '../../testkit/mediasoupEngine.js';
import { startRedis, type TestRedis } from '../../testkit/redis.js';
import { waitFor } from '../../testkit/mediaSources.js';
import { UnavailableError } from '../../platform/index.js';
import { createMetricsRegistry, type Registry } from '../../platform/index.js';
import { sampleOf } from '../../testkit/metricsText.js';
import { NodeMediaMetrics } from '../metrics.js';
import { EdgeRooms } from './EdgeRooms.js';
import { NodePipes } from './NodePipes.js';
import { RoomWire, roomChannel } from './roomWire.js';

const SECRET = 'edge-rooms-test-secret-0123456789abcdef';

describe('edge rooms on the bus', () => {
  let redis: TestRedis;
  const clusters: Cluster[] = [];
  const engines: TestMediasoupEngine[] = [];
  const closers: Array<() => Promise<void>> = [];
  let owner: EdgeRooms;
  let edge: EdgeRooms;
  let edgeEngine: TestMediasoupEngine;
  let edgeRegistry: Registry;

  async function node(nodeId: string): Promise<{ rooms: EdgeRooms; engine: TestMediasoupEngine; cluster: Cluster; registry: Registry }> {
    const registry = createMetricsRegistry({ processMetrics: false });
    const metrics = new NodeMediaMetrics(registry);
    const cluster = await createRedisCluster({ url: redis.url, keyPrefix });
    clusters.push(cluster);
    const engine = await startTestMediasoupEngine();
    engines.push(engine);
    const pipes = new NodePipes({ engine: engine.engine, bus: cluster.bus, nodeId, secret: SECRET, listenIp: '127.0.0.1', metrics });
    await pipes.start();
    const rooms = new EdgeRooms({ engine: engine.engine, pipes, bus: cluster.bus, nodes: cluster.nodes, nodeId, secret: SECRET, placeOverflow: true, callTimeoutMs: 3_000, metrics });
    await rooms.start();
    closers.push(() => rooms.close(), () => pipes.close());
    return { rooms, engine, cluster, registry };
  }
  let keyPrefix = '';

  beforeAll(async () => {
    redis = await startRedis();
    keyPrefix = redis.newPrefix();
    owner = (await node('node-owner')).rooms;
    const e = await node('node-edge');
    edge = e.rooms;
    edgeEngine = e.engine;
    edgeRegistry = e.registry;
  }, 60_000);

  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    for (const e of engines) await e.dispose();
    for (const c of clusters) await c.close();
    await redis?.stop();
  });

  it('forged, stale, misaddressed and oversized calls make no room and get no answer; a genuine one is served once', async () => {
    const bus = clusters[0]?.bus;
    if (!bus) throw new Error('no bus');
    const replies: Uint8Array[] = [];
    const unsubscribe = await bus.subscribe(roomChannel('node-tester'), (m) => void replies.push(m));
    const call = { kind: 'call' as const, peerId: 'p1', call: { op: 'setSubscriptions' as const, streams: [] } };
    const connect = { kind: 'call' as const, peerId: 'p1', call: { op: 'connectPeer' as const, rtpCapabilities: edgeEngine.engine.rtpCapabilities } };
    const tester = new RoomWire({ nodeId: 'node-tester', secret: SECRET });
    const forger = new RoomWire({ nodeId: 'node-tester', secret: 'not-the-deployment-secret-0123456789ab' });
    const past = new RoomWire({ nodeId: 'node-tester', secret: SECRET, clock: { now: () => Date.now() - 60_000 } });
    const genuine = tester.seal('node-edge', 'lesson-x', 1, connect);
    const sent = [
      forger.seal('node-edge', 'lesson-x', 2, connect),
      past.seal('node-edge', 'lesson-x', 3, connect),
      tester.seal('node-owner', 'lesson-x', 4, connect),
      new Uint8Array(70 * 1024),
    ];
    const before = edge.rejected;
    for (const m of sent) await bus.publish(roomChannel('node-edge'), m);
    await waitFor('the edge to refuse them', async () => (edge.rejected >= before + 3 ? true : undefined), 5_000);
    expect(edgeEngine.engine.room('lesson-x')).toBeUndefined();
    expect(replies).toEqual([]);

    await bus.publish(roomChannel('node-edge'), genuine);
    await waitFor('the answer', async () => (replies.length > 0 ? true : undefined), 10_000);
    const answer = new RoomWire({ nodeId: 'node-tester', secret: SECRET }).open(replies[0] as Uint8Array);
    expect(typeof answer === 'object' && answer.body.kind === 'reply' && answer.body.recv?.direction).toBe('recv');
    expect(edgeEngine.engine.room('lesson-x')).toBeDefined();
    const rejected = edge.rejected;
    await bus.publish(roomChannel('node-edge'), genuine);
    await waitFor('the replay refused', async () => (edge.rejected > rejected ? true : undefined), 5_000);
    // What an operator sees: each refusal under its kind, and the room served for the (pretend) owner.
    const text = await edgeRegistry.metrics();
    const refused = (reason: string) => sampleOf(text, 'classroom_sfu_node_messages_rejected_total', { wire: 'room', reason });
    expect(['forged', 'stale', 'misaddressed', 'oversized', 'replayed', 'malformed'].map(refused)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(sampleOf(text, 'classroom_sfu_edge_rooms')).toBe(1);
    expect(sampleOf(text, 'classroom_sfu_edge_peers')).toBe(1);
    expect(sampleOf(text, 'classroom_sfu_node_pipes', { role: 'edge' })).toBe(1);
    await bus.publish(roomChannel('node-edge'), tester.seal('node-edge', 'lesson-x', 5, call));
    await waitFor('the second answer', async () => (replies.length > 1 ? true : undefined), 5_000);
    expect(replies).toHaveLength(2);
    // The room is not kept by any owner: the edge closes it after the silence limit.
    await waitFor('the unkept room closed', async () => (edgeEngine.engine.room('lesson-x') ? undefined : true), 15_000);
    const after = await edgeRegistry.metrics();
    expect([sampleOf(after, 'classroom_sfu_edge_rooms'), sampleOf(after, 'classroom_sfu_edge_peers'), sampleOf(after, 'classroom_sfu_node_pipes', { role: 'edge' })]).toEqual([0, 0, 0]);
    await unsubscribe();
  }, 40_000);

  it('a call to a node nobody listens for fails at once, not at its timeout', async () => {
    const started = Date.now();
    await expect(owner.call('node-gone', 'lesson-y', 'p1', { op: 'removePeer' })).rejects.toBeInstanceOf(UnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

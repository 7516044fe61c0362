import { afterEach, describe, expect, it } from 'vitest';
import { createInMemoryCluster, InMemoryClusterState, NodeProbe, type Cluster } from '../../cluster/index.js';
import { silentLogger } from '../../platform/index.js';
import { ClusterOwnership } from './ClusterOwnership.js';

const SECRET = 'ownership-test-secret-0123456789abcdef';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** One node on a shared in-memory cluster; `answers: false` is a node that died without withdrawing. */
async function nodeOn(state: InMemoryClusterState, id: string, options: { answers?: boolean; draining?: boolean; nodeTtlMs?: number } = {}) {
  const cluster: Cluster = createInMemoryCluster({ state, nodeTtlMs: options.nodeTtlMs ?? 60_000 });
  await cluster.nodes.announce({ id, url: 'https://lophoc.test', state: options.draining ? 'draining' : 'active', load: { rooms: 0, participants: 0 } });
  const probe = new NodeProbe({ bus: cluster.bus, nodeId: id, secret: SECRET });
  if (options.answers !== false) await probe.start();
  closers.push(async () => {
    await probe.close();
    await cluster.close();
  });
  return { cluster, ownership: new ClusterOwnership({ cluster, nodeId: id, probe, draining: () => options.draining ?? false, logger: silentLogger(), probeTimeoutMs: 200 }) };
}

describe('ClusterOwnership', () => {
  it('a free lesson is claimed; another node is told the owner by cluster id and balancer name', async () => {
    const state = new InMemoryClusterState();
    const a = await nodeOn(state, 'node-1.aaaaaaaa');
    const b = await nodeOn(state, 'node-2.bbbbbbbb');
    expect(await a.ownership.claim('lesson-1')).toEqual({ mine: true });
    expect(await b.ownership.claim('lesson-1')).toEqual({ mine: false, ownerId: 'node-1.aaaaaaaa', route: 'node-1' });
  });

  it('a client that lost the owner: a live owner answers the probe and keeps the lesson; a dead one is withdrawn and the lesson moves', async () => {
    const state = new InMemoryClusterState();
    const live = await nodeOn(state, 'node-1.aaaaaaaa');
    const dead = await nodeOn(state, 'node-3.cccccccc', { answers: false });
    const b = await nodeOn(state, 'node-2.bbbbbbbb');
    await live.ownership.claim('lesson-live');
    await dead.ownership.claim('lesson-dead');
    expect(await b.ownership.claim('lesson-live', { lostOwner: 'node-1.aaaaaaaa' })).toMatchObject({ mine: false, ownerId: 'node-1.aaaaaaaa' });
    // Without the hint (and with a fresh heartbeat) nobody is probed: the dead node keeps its lesson until its record expires.
    expect(await b.ownership.claim('lesson-dead')).toMatchObject({ mine: false, ownerId: 'node-3.cccccccc' });
    expect(await b.ownership.claim('lesson-dead', { lostOwner: 'node-3.cccccccc' })).toEqual({ mine: true });
    expect(await b.cluster.nodes.getNode('node-3.cccccccc')).toBeUndefined();
  });

  it('an owner that missed its heartbeat is probed even without a hint', async () => {
    const state = new InMemoryClusterState();
    // nodeTtlMs 3000: heartbeats every 1000 ms, late after 1500 ms.
    const dead = await nodeOn(state, 'node-3.cccccccc', { answers: false, nodeTtlMs: 3_000 });
    const b = await nodeOn(state, 'node-2.bbbbbbbb', { nodeTtlMs: 3_000 });
    await dead.ownership.claim('lesson-1');
    await new Promise((r) => setTimeout(r, 1_600));
    await b.cluster.nodes.announce({ id: 'node-2.bbbbbbbb', url: 'https://lophoc.test', state: 'active', load: { rooms: 0, participants: 0 } });
    expect(await b.ownership.claim('lesson-1')).toEqual({ mine: true });
  });

  it('a lesson of a draining owner: waits for its release and takes it, instead of redirecting to a closing node', async () => {
    const state = new InMemoryClusterState();
    const owner = await nodeOn(state, 'node-1.aaaaaaaa');
    const b = await nodeOn(state, 'node-2.bbbbbbbb');
    await owner.ownership.claim('lesson-1');
    await owner.cluster.nodes.announce({ id: 'node-1.aaaaaaaa', url: 'https://lophoc.test', state: 'draining', load: { rooms: 1, participants: 0 } });
    setTimeout(() => void owner.ownership.release('lesson-1'), 300);
    expect(await b.ownership.claim('lesson-1')).toEqual({ mine: true });
    // One that never releases: after the wait, the redirect stands (the owner still hosts it).
    await owner.ownership.claim('lesson-2');
    const slow = new ClusterOwnership({ cluster: b.cluster, nodeId: 'node-2.bbbbbbbb', probe: new NodeProbe({ bus: b.cluster.bus, nodeId: 'x', secret: SECRET }), draining: () => false, logger: silentLogger(), drainWaitMs: 300 });
    expect(await slow.claim('lesson-2')).toMatchObject({ mine: false, ownerId: 'node-1.aaaaaaaa' });
  });

  it('after the directory was lost (Redis restarted empty), a node announces itself again and lets the owner put its lease back first', async () => {
    const state = new InMemoryClusterState();
    const owner = await nodeOn(state, 'node-1.aaaaaaaa', { nodeTtlMs: 900 });
    // node-2 is not in the directory (as after a Redis restart), and neither is node-1's lease.
    const cluster = createInMemoryCluster({ state, nodeTtlMs: 900 });
    closers.push(() => cluster.close());
    let announced = 0;
    const b = new ClusterOwnership({
      cluster,
      nodeId: 'node-2.bbbbbbbb',
      probe: new NodeProbe({ bus: cluster.bus, nodeId: 'node-2.bbbbbbbb', secret: SECRET }),
      draining: () => false,
      logger: silentLogger(),
      reannounce: async () => {
        announced++;
        await cluster.nodes.announce({ id: 'node-2.bbbbbbbb', url: 'https://lophoc.test', state: 'active', load: { rooms: 0, participants: 0 } });
        // The owner's heartbeat puts its lease back meanwhile.
        setTimeout(() => void owner.ownership.claim('lesson-1'), 100);
      },
    });
    expect(await b.claim('lesson-1')).toEqual({ mine: false, ownerId: 'node-1.aaaaaaaa', route: 'node-1' });
    expect(announced).toBe(1);
  });

  it('a draining node takes no lesson: it places a free one on an active node', async () => {
    const state = new InMemoryClusterState();
    const draining = await nodeOn(state, 'node-1.aaaaaaaa', { draining: true });
    await nodeOn(state, 'node-2.bbbbbbbb');
    expect(await draining.ownership.claim('lesson-1')).toEqual({ mine: false, ownerId: 'node-2.bbbbbbbb', route: 'node-2' });
  });
});

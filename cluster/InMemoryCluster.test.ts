import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/index.js';
import { describeClusterContract } from './contract.js';
import { node } from './contractHelpers.js';
import { createInMemoryCluster } from './InMemoryCluster.js';
import { InMemoryClusterState } from './InMemoryClusterState.js';

describeClusterContract('in-memory', async () => {
  const state = new InMemoryClusterState();
  return {
    join: async (options = {}, deps = {}) => createInMemoryCluster({ ...options, state }, deps),
    dispose: async () => undefined,
  };
});

describe('in-memory cluster', () => {
  it('alone, it is a cluster of one node (the embedded default)', async () => {
    const cluster = createInMemoryCluster();
    await cluster.nodes.announce(node('only'));
    expect(await cluster.rooms.claimRoom('room-1', 'only')).toBe('only');
    expect(createInMemoryCluster().timing).toEqual({ nodeTtlMs: 10_000, leaseTtlMs: 15_000 });
    await cluster.close();
  });

  it('expires records by the clock of its state, to the millisecond', async () => {
    const clock = new ManualClock();
    const state = new InMemoryClusterState({ clock });
    const a = createInMemoryCluster({ state, nodeTtlMs: 1_000, leaseTtlMs: 500 });
    const info = await a.nodes.announce(node('node-a'));
    expect(info.lastHeartbeat).toBe(clock.now());
    await a.rooms.claimRoom('room-1', 'node-a');
    clock.advance(499);
    expect(await a.rooms.nodeForRoom('room-1')).toBe('node-a');
    clock.advance(1);
    expect(await a.rooms.nodeForRoom('room-1')).toBeUndefined();
    clock.advance(499);
    expect(await a.nodes.getNode('node-a')).toBeDefined();
    clock.advance(1);
    expect(await a.nodes.listNodes()).toEqual([]);
    await a.close();
  });

  it('rejects bad timing options', () => {
    expect(() => createInMemoryCluster({ leaseTtlMs: 0 })).toThrow(/leaseTtlMs/);
    expect(() => createInMemoryCluster({ nodeTtlMs: 1.5 })).toThrow(/nodeTtlMs/);
  });
});

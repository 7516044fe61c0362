import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/index.js';
import type { Cluster, NodeLoad, RoomDirectory } from './ClusterTypes.js';
import { eventually, node } from './contractHelpers.js';
import { createInMemoryCluster } from './InMemoryCluster.js';
import { InMemoryClusterState } from './InMemoryClusterState.js';
import { NodeMembership } from './NodeMembership.js';
import { pickNodeForNewRoom } from './placement.js';

function member(cluster: Cluster, id: string, hosted: Set<string>, load: NodeLoad = { rooms: 0, participants: 0 }) {
  return new NodeMembership({
    cluster,
    node: { id, url: `https://${id}.example.test` },
    load: () => ({ ...load, rooms: hosted.size }),
    hostedRooms: () => hosted,
    heartbeatIntervalMs: 60_000, // tests beat by hand unless they say otherwise
  });
}

describe('NodeMembership', () => {
  it('start() announces the node with its load; close() withdraws it and frees its rooms', async () => {
    const cluster = createInMemoryCluster();
    const hosted = new Set<string>();
    const m = member(cluster, 'node-a', hosted, { rooms: 0, participants: 7 });
    const info = await m.start();
    expect(info).toMatchObject({ id: 'node-a', state: 'active', load: { rooms: 0, participants: 7 } });
    expect(await cluster.rooms.claimRoom('room-1', 'node-a')).toBe('node-a');
    hosted.add('room-1');
    await m.heartbeat();
    expect((await cluster.nodes.getNode('node-a'))?.load).toEqual({ rooms: 1, participants: 7 });
    await Promise.all([m.close(), m.close()]);
    expect(m.closed).toBe(true);
    expect(await cluster.nodes.listNodes()).toEqual([]);
    expect(await cluster.rooms.nodeForRoom('room-1')).toBeUndefined();
    await expect(m.drain()).rejects.toMatchObject({ name: 'ClosedError' });
    await m.heartbeat(); // a no-op after close: the node stays withdrawn
    expect(await cluster.nodes.listNodes()).toEqual([]);
    await cluster.close();
  });

  it('drain() keeps the node listed and its rooms, but out of placement', async () => {
    const state = new InMemoryClusterState();
    const a = createInMemoryCluster({ state });
    const b = createInMemoryCluster({ state });
    const ma = member(a, 'node-a', new Set(['room-1']));
    const mb = member(b, 'node-b', new Set(), { rooms: 0, participants: 500 });
    await ma.start();
    await mb.start();
    await a.rooms.claimRoom('room-1', 'node-a');
    expect(pickNodeForNewRoom(await b.nodes.listNodes())?.id).toBe('node-a');
    await ma.drain();
    expect(ma.state).toBe('draining');
    await ma.heartbeat(); // later heartbeats keep saying draining
    expect((await b.nodes.listNodes()).map((n) => `${n.id}:${n.state}`)).toEqual(['node-a:draining', 'node-b:active']);
    expect(pickNodeForNewRoom(await b.nodes.listNodes())?.id).toBe('node-b');
    expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a');
    await Promise.all([ma.close(), mb.close(), a.close(), b.close()]);
  });

  it('heartbeats keep the node and its leases alive; lost rooms are reported', async () => {
    const clock = new ManualClock();
    const state = new InMemoryClusterState({ clock });
    const a = createInMemoryCluster({ state, nodeTtlMs: 1_000, leaseTtlMs: 1_000 });
    const b = createInMemoryCluster({ state });
    const hosted = new Set(['room-1', 'room-2']);
    const ma = member(a, 'node-a', hosted);
    await ma.start();
    await b.nodes.announce(node('node-b'));
    for (const r of hosted) await a.rooms.claimRoom(r, 'node-a');
    for (let i = 0; i < 5; i++) {
      clock.advance(900);
      await ma.heartbeat();
    }
    expect(await b.rooms.roomsOf('node-a')).toEqual(['room-1', 'room-2']);
    // A stall longer than the lease: node-b takes room-2 meanwhile.
    clock.advance(1_000);
    await b.nodes.announce(node('node-b'));
    expect(await b.rooms.claimRoom('room-2', 'node-b')).toBe('node-b');
    const lost: string[][] = [];
    ma.on('roomsLost', (rooms) => lost.push(rooms));
    await ma.heartbeat();
    expect(lost).toEqual([['room-2']]);
    expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a'); // re-taken: nobody wanted it
    await Promise.all([ma.close(), a.close(), b.close()]);
  });

  it('a failed heartbeat is reported and retried on the timer', async () => {
    const cluster = createInMemoryCluster({ nodeTtlMs: 300, leaseTtlMs: 300 });
    let failing = true;
    const rooms: RoomDirectory = {
      ...bind(cluster.rooms),
      renewRooms: (nodeId, roomIds) => (failing ? Promise.reject(new Error('store down')) : cluster.rooms.renewRooms(nodeId, roomIds)),
    };
    const m = new NodeMembership({
      cluster: { nodes: cluster.nodes, rooms, timing: cluster.timing },
      node: { id: 'node-a', url: 'https://a.example.test' },
      load: () => ({ rooms: 0, participants: 0 }),
      hostedRooms: () => [],
    });
    const errors: unknown[] = [];
    m.on('heartbeatFailed', (e) => errors.push(e));
    await m.start();
    await eventually(() => expect(errors.length).toBeGreaterThanOrEqual(2)); // every 100 ms by default here
    failing = false;
    const seen = errors.length;
    await new Promise((r) => setTimeout(r, 350));
    expect(errors.length).toBeLessThanOrEqual(seen + 1);
    expect(await cluster.nodes.getNode('node-a')).toBeDefined(); // kept alive past its 300 ms TTL
    await m.close();
    await cluster.close();
  });
});

/** The directory's methods, bound, so that one of them can be replaced in a fake. */
function bind(rooms: RoomDirectory): RoomDirectory {
  return {
    nodeForRoom: (r) => rooms.nodeForRoom(r),
    claimRoom: (r, n) => rooms.claimRoom(r, n),
    renewRooms: (n, rs) => rooms.renewRooms(n, rs),
    releaseRoom: (r, n) => rooms.releaseRoom(r, n),
    roomsOf: (n) => rooms.roomsOf(n),
  };
}

/** The overflow choices: when a node is full, and which node takes its next peer. */
import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../cluster/index.js';
import { EdgeAvoidance, RecentPlacements, firstTaker, nodeFull, rankEdges } from './edgePlacement.js';

const limits = { consumers: 10, cpu: 0.8 };
const node = (id: string, participants: number, rooms = 1, state: 'active' | 'draining' = 'active', lastHeartbeat = 0): NodeInfo => ({ id, url: `http://${id}`, state, load: { rooms, participants }, lastHeartbeat });
/** The node as it announced itself at `lastHeartbeat`. */
const announced = (id: string, participants: number, lastHeartbeat: number): NodeInfo => node(id, participants, 1, 'active', lastHeartbeat);

describe('nodeFull', () => {
  it('is full only when every worker that is up is at its limits, by consumers or by measured CPU', () => {
    expect(nodeFull([{ id: 'w0', up: true, consumers: 10, cpu: 0.1 }], limits)).toBe(true);
    expect(nodeFull([{ id: 'w0', up: true, consumers: 9, cpu: 0.1 }], limits)).toBe(false);
    expect(nodeFull([{ id: 'w0', up: true, consumers: 1, cpu: 0.9 }], limits)).toBe(true);
    expect(nodeFull([{ id: 'w0', up: true, consumers: 10, cpu: undefined }, { id: 'w1', up: true, consumers: 3, cpu: 0.2 }], limits)).toBe(false);
    // A worker that is down has no room, but does not make the node full either.
    expect(nodeFull([{ id: 'w0', up: true, consumers: 12, cpu: 0 }, { id: 'w1', up: false, consumers: 0, cpu: undefined }], limits)).toBe(true);
    expect(nodeFull([{ id: 'w0', up: false, consumers: 0, cpu: undefined }], limits)).toBe(false);
    // Peers that have not subscribed yet (a burst of set-ups) count one consumer each.
    expect(nodeFull([{ id: 'w0', up: true, consumers: 0, peers: 10, cpu: 0 }], limits)).toBe(true);
    expect(nodeFull([{ id: 'w0', up: true, consumers: 2, peers: 9, cpu: 0 }], limits)).toBe(false);
  });
});

describe('rankEdges', () => {
  it('ranks the active nodes other than itself and those to avoid, least loaded first', () => {
    const nodes = [node('a', 50), node('b', 20), node('c', 20, 0), node('d', 1, 1, 'draining')];
    expect(rankEdges(nodes, 'a', new Set())).toEqual(['c', 'b']);
    expect(rankEdges(nodes, 'c', new Set())).toEqual(['b', 'a']);
    expect(rankEdges(nodes, 'a', new Set(['c']))).toEqual(['b']);
    expect(rankEdges(nodes, 'a', new Set(['b', 'c']))).toEqual([]);
    expect(rankEdges([node('a', 0)], 'a', new Set())).toEqual([]);
    // Same load: the lower id, so that two owners choose alike.
    expect(rankEdges([node('y', 3), node('x', 3), node('z', 3)], 'z', new Set())).toEqual(['x', 'y']);
  });
});

describe('RecentPlacements', () => {
  it('adds the peers placed on an edge since its last announcement to the load it announced, until an announcement counts them', () => {
    const recent = new RecentPlacements();
    // Both edges announced one participant at their last heartbeat; the list stays that old during the burst.
    const stale = [announced('owner', 9, 100), announced('b', 1, 100), announced('c', 1, 100)];
    const first = rankEdges(recent.adjust(stale), 'owner', new Set())[0];
    expect(first).toBe('b');
    recent.add('b');
    // The same stale list: b now counts the peer just placed there, so c is ahead.
    expect(rankEdges(recent.adjust(stale), 'owner', new Set())).toEqual(['c', 'b']);
    recent.add('c');
    recent.add('c');
    expect(recent.adjust(stale).map((n) => n.load.participants)).toEqual([9, 2, 3]);
    // b announces again (after the placement: it counts the peer itself): nothing is added to it any more.
    const later = [announced('owner', 9, 100), announced('b', 2, 3_100), announced('c', 1, 100)];
    expect(recent.adjust(later).map((n) => n.load.participants)).toEqual([9, 2, 3]);
    expect([recent.pending('b'), recent.pending('c')]).toEqual([0, 2]);
    // A peer c did not take no longer counts there.
    recent.remove('c');
    expect(recent.adjust(later).map((n) => n.load.participants)).toEqual([9, 2, 2]);
    // A node gone from the list takes its placements with it.
    recent.adjust([announced('b', 2, 3_100)]);
    expect(recent.pending('c')).toBe(0);
  });
});

describe('EdgeAvoidance', () => {
  it('avoids an edge that failed for the whole time, whatever it announces', () => {
    const avoidance = new EdgeAvoidance();
    avoidance.avoid('b', 30_000);
    expect(avoidance.current([announced('b', 0, 5_000)], 1_000)).toEqual(new Set(['b']));
    expect(avoidance.current([announced('b', 0, 29_000)], 29_000)).toEqual(new Set(['b']));
    expect(avoidance.current([announced('b', 0, 31_000)], 30_001)).toEqual(new Set());
  });

  it('takes an edge that refused as full back once it announces that peers left it', () => {
    const avoidance = new EdgeAvoidance();
    // It refused while the owner's list held its announcement of t=100 (10 participants, stale: it filled up since).
    avoidance.avoid('b', 30_000, { seenAt: 100 });
    expect(avoidance.current([announced('b', 10, 100)], 1_000)).toEqual(new Set(['b']));
    // Its first announcement after the refusal says how full it was: 12. Not fewer: still avoided.
    expect(avoidance.current([announced('b', 12, 3_100)], 3_200)).toEqual(new Set(['b']));
    expect(avoidance.current([announced('b', 12, 6_100)], 6_200)).toEqual(new Set(['b']));
    expect(avoidance.current([announced('b', 13, 9_100)], 9_200)).toEqual(new Set(['b']));
    // One left it: offered peers again, 20 s before the avoidance would have ended.
    expect(avoidance.current([announced('b', 11, 12_100)], 12_200)).toEqual(new Set());
  });

  it('keeps a full edge avoided while it is missing from the list, and lets each avoidance end on its own', () => {
    const avoidance = new EdgeAvoidance();
    avoidance.avoid('b', 30_000, { seenAt: 100 });
    avoidance.avoid('c', 10_000, { seenAt: 0 });
    expect(avoidance.current([], 5_000)).toEqual(new Set(['b', 'c']));
    expect(avoidance.current([announced('b', 4, 6_000)], 10_001)).toEqual(new Set(['b']));
    // A refusal again later starts over from that announcement.
    avoidance.avoid('b', 40_000, { seenAt: 6_000 });
    expect(avoidance.current([announced('b', 3, 6_000)], 11_000)).toEqual(new Set(['b']));
  });
});

describe('firstTaker', () => {
  it('offers to each candidate in turn, at most once, until one takes it', async () => {
    const offered: string[] = [];
    const refused: string[] = [];
    const full = new Set(['b', 'c']);
    const offer = async (edge: string) => {
      offered.push(edge);
      if (full.has(edge)) throw new Error(`${edge} is full`);
      return `recv on ${edge}`;
    };
    const goOn = (edge: string) => {
      refused.push(edge);
      return true;
    };
    expect(await firstTaker(['b', 'c', 'b', 'd', 'e'], offer, goOn)).toEqual({ candidate: 'd', value: 'recv on d' });
    expect(offered).toEqual(['b', 'c', 'd']);
    expect(refused).toEqual(['b', 'c']);
    offered.length = 0;
    expect(await firstTaker(['b', 'c', 'c'], offer, goOn)).toBeUndefined();
    expect(offered).toEqual(['b', 'c']);
    expect(await firstTaker([], offer, goOn)).toBeUndefined();
  });

  it('stops when told the placement is superseded', async () => {
    const offered: string[] = [];
    const result = await firstTaker(['b', 'c'], async (edge) => {
      offered.push(edge);
      throw new Error('full');
    }, () => false);
    expect(result).toBeUndefined();
    expect(offered).toEqual(['b']);
  });
});

describe('a burst of placements', () => {
  /**
   * An owner places `peers` one after another from a node list read before the burst (no edge
   * announces meanwhile); each edge takes up to `room[edge]` peers and refuses the next.
   */
  async function burst(peers: number, room: Record<string, number>): Promise<Record<string, number>> {
    const recent = new RecentPlacements();
    const stale = Object.keys(room).map((id) => announced(id, 0, 100));
    const where: Record<string, number> = { owner: 0 };
    const avoid = new Set<string>();
    for (let p = 0; p < peers; p++) {
      const edges = rankEdges(recent.adjust([announced('owner', 10, 100), ...stale]), 'owner', avoid);
      const taken = await firstTaker(
        edges,
        async (edge) => {
          recent.add(edge);
          if ((where[edge] ?? 0) >= (room[edge] ?? 0)) throw new Error('full');
          return edge;
        },
        (edge) => {
          recent.remove(edge);
          avoid.add(edge);
          return true;
        },
      );
      const at = taken?.value ?? 'owner';
      where[at] = (where[at] ?? 0) + 1;
    }
    return where;
  }

  it('spreads over the edges with room, though their announced load is older than the burst', async () => {
    expect(await burst(4, { b: 2, c: 2 })).toEqual({ owner: 0, b: 2, c: 2 });
    // b has less room than the stale list suggests: it refuses, and c takes the peer.
    expect(await burst(4, { b: 1, c: 3 })).toEqual({ owner: 0, b: 1, c: 3 });
    // Only when every edge refused does a peer stay on the owner.
    expect(await burst(5, { b: 2, c: 2 })).toEqual({ owner: 1, b: 2, c: 2 });
  });
});

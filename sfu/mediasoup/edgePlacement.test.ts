/** The overflow choices: when a node is full, and which node takes its next peer. */
import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../cluster/index.js';
import { chooseEdge, nodeFull } from './edgePlacement.js';

const limits = { consumers: 10, cpu: 0.8 };
const node = (id: string, participants: number, rooms = 1, state: 'active' | 'draining' = 'active'): NodeInfo => ({ id, url: `http://${id}`, state, load: { rooms, participants }, lastHeartbeat: 0 });

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

describe('chooseEdge', () => {
  it('picks the least loaded active node other than itself and those to avoid', () => {
    const nodes = [node('a', 50), node('b', 20), node('c', 20, 0), node('d', 1, 1, 'draining')];
    expect(chooseEdge(nodes, 'a', new Set())).toBe('c');
    expect(chooseEdge(nodes, 'c', new Set())).toBe('b');
    expect(chooseEdge(nodes, 'a', new Set(['c']))).toBe('b');
    expect(chooseEdge(nodes, 'a', new Set(['b', 'c']))).toBeUndefined();
    expect(chooseEdge([node('a', 0)], 'a', new Set())).toBeUndefined();
    // Same load: the lower id, so that two owners choose alike.
    expect(chooseEdge([node('y', 3), node('x', 3), node('z', 3)], 'z', new Set())).toBe('x');
  });
});

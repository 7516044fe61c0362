import { describe, expect, it } from 'vitest';
import { choosePeerWorker, leastLoadedBy, utilisation, type WorkerLoad } from './placement.js';

describe('room placement', () => {
  it('leastLoadedBy ranks mediasoup workers by consumers, then peers, then rooms', () => {
    const w = (id: string, up: boolean, consumers: number, peers: number, rooms: number) => ({ id, up, consumers, peers, rooms });
    const keys = ['consumers', 'peers', 'rooms'] as const;
    // One big lesson costs more than two small ones.
    expect(leastLoadedBy([w('a', true, 900, 31, 1), w('b', true, 8, 6, 2)], keys)?.id).toBe('b');
    // A new day: nothing consumed yet, rooms created together still spread.
    expect(leastLoadedBy([w('a', true, 0, 0, 1), w('b', true, 0, 0, 0)], keys)?.id).toBe('b');
    expect(leastLoadedBy([w('a', true, 5, 3, 1), w('b', true, 5, 2, 4)], keys)?.id).toBe('b');
    expect(leastLoadedBy([w('a', true, 0, 0, 0), w('b', true, 0, 0, 0)], keys)?.id).toBe('a');
    expect(leastLoadedBy([w('a', false, 0, 0, 0), w('b', true, 50, 5, 1)], keys)?.id).toBe('b');
    expect(leastLoadedBy([w('a', false, 0, 0, 0)], keys)).toBeUndefined();
  });
});

describe('peer placement (cascade)', () => {
  const limits = { consumers: 100, cpu: 0.8 };
  const w = (id: string, consumers: number, cpu?: number, up = true): WorkerLoad => ({ id, up, consumers, cpu });

  it('utilisation is the higher of consumers and measured CPU against their limits', () => {
    expect(utilisation(w('a', 50, 0.2), limits)).toBe(0.5);
    expect(utilisation(w('a', 10, 0.8), limits)).toBe(1);
    expect(utilisation(w('a', 10), limits)).toBe(0.1);
  });

  it('keeps a room on its origin worker while the origin is below its limits', () => {
    expect(choosePeerWorker([w('o', 99, 0.1), w('b', 0, 0)], 'o', limits)).toBe('o');
  });

  it('spills onto the least utilised worker once the origin is full by consumers or by CPU', () => {
    expect(choosePeerWorker([w('o', 100), w('b', 40), w('c', 20)], 'o', limits)).toBe('c');
    // Few consumers but a busy core (other rooms, bigger streams): measured load decides.
    expect(choosePeerWorker([w('o', 5, 0.9), w('b', 60, 0.1)], 'o', limits)).toBe('b');
    // A worker busier than the full origin is no better: the origin keeps the peer.
    expect(choosePeerWorker([w('o', 100), w('b', 150)], 'o', limits)).toBe('o');
    expect(choosePeerWorker([w('o', 100), w('b', 100)], 'o', limits)).toBe('o');
  });

  it('never picks a worker that is down; the origin down leaves the others', () => {
    expect(choosePeerWorker([w('o', 100), w('b', 0, 0, false)], 'o', limits)).toBe('o');
    expect(choosePeerWorker([w('o', 0, 0, false), w('b', 300)], 'o', limits)).toBe('b');
    expect(choosePeerWorker([w('o', 0, 0, false)], 'o', limits)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { leastLoadedBy } from './placement.js';

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

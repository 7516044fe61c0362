import { describe, expect, it } from 'vitest';
import { leastLoaded } from './placement.js';

describe('room placement', () => {
  it('picks the up instance with the fewest rooms, then fewest peers, then the first', () => {
    const i = (id: string, up: boolean, rooms: number, peers = 0) => ({ id, up, rooms, peers });
    expect(leastLoaded([i('a', true, 2), i('b', true, 1), i('c', true, 1)])?.id).toBe('b');
    expect(leastLoaded([i('a', true, 1, 30), i('b', true, 1, 3)])?.id).toBe('b');
    expect(leastLoaded([i('a', false, 0), i('b', true, 5)])?.id).toBe('b');
    expect(leastLoaded([i('a', true, 0), i('b', true, 5)], 'a')?.id).toBe('b');
    expect(leastLoaded([i('a', false, 0)])).toBeUndefined();
  });
});

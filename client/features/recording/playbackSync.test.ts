import { describe, expect, it } from 'vitest';
import { currentIndex, seekSeconds, shown } from './playbackSync.js';

const at = (...offsets: number[]) => offsets.map((offsetMs) => ({ offsetMs }));

describe('playback sync', () => {
  it('currentIndex is the last item at or before the position', () => {
    const items = at(0, 1000, 1000, 5000, 9000);
    expect(currentIndex(items, -1)).toBe(-1);
    expect(currentIndex(items, 0)).toBe(0);
    expect(currentIndex(items, 999)).toBe(0);
    // Two items of one moment: the later one in the list is current.
    expect(currentIndex(items, 1000)).toBe(2);
    expect(currentIndex(items, 4999)).toBe(2);
    expect(currentIndex(items, 5000)).toBe(3);
    expect(currentIndex(items, 60_000)).toBe(4);
    expect(currentIndex([], 10)).toBe(-1);
  });

  it('the filters split chat from the other events', () => {
    expect(shown('chat', 'all')).toBe(true);
    expect(shown('chat', 'chat')).toBe(true);
    expect(shown('hand', 'chat')).toBe(false);
    expect(shown('hand', 'events')).toBe(true);
    expect(shown('chat', 'events')).toBe(false);
  });

  it('seeks to the item (never before the start)', () => {
    expect(seekSeconds({ offsetMs: 12_500 })).toBe(12.5);
    expect(seekSeconds({ offsetMs: 500 }, 1000)).toBe(0);
  });
});

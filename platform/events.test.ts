import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './events.js';

class Thing extends TypedEmitter<{ changed: [value: number] }> {
  set(v: number) {
    return this.safeEmit('changed', v);
  }
}

describe('TypedEmitter.safeEmit', () => {
  it('a listener that throws is reported and does not stop the others', () => {
    const reported: Array<[string, unknown]> = [];
    const t = new Thing((event, error) => reported.push([event, error]));
    const seen: number[] = [];
    t.on('changed', () => {
      throw new Error('bad listener');
    });
    t.on('changed', (v) => seen.push(v));
    expect(t.set(7)).toBe(true);
    expect(seen).toEqual([7]);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.[0]).toBe('changed');
  });

  it('once() listeners run a single time', () => {
    const t = new Thing();
    const seen: number[] = [];
    t.once('changed', (v) => seen.push(v));
    t.set(1);
    t.set(2);
    expect(seen).toEqual([1]);
    expect(t.set(3)).toBe(false);
  });
});

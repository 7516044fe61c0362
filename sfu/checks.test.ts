import { describe, expect, it } from 'vitest';
import { checkRefs, isVideoLayer } from './checks.js';

describe('argument checks', () => {
  it('isVideoLayer() accepts the four layers only', () => {
    expect(['high', 'medium', 'low', 'off'].every(isVideoLayer)).toBe(true);
    expect(isVideoLayer('HIGH')).toBe(false);
    expect(isVideoLayer(2)).toBe(false);
  });

  it('checkRefs() refuses a list with an empty or oversized id', () => {
    expect(() => checkRefs([{ peerId: 'p', label: 'camera' }])).not.toThrow();
    expect(() => checkRefs([{ peerId: '', label: 'camera' }])).toThrow(/stream peer id/);
    expect(() => checkRefs([{ peerId: 'p', label: 'x'.repeat(129) }])).toThrow(/stream label/);
    expect(() => checkRefs('p/camera')).toThrow(/must be a list/);
  });
});

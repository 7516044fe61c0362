import { describe, expect, it } from 'vitest';
import { isVideoLayer, substreamFor } from './layers.js';

describe('simulcast layers', () => {
  it('three encodings sent high, medium, low: Janus substreams 2, 1, 0 (measured on Janus 1.1.2)', () => {
    expect(substreamFor('high', 3)).toBe(2);
    expect(substreamFor('medium', 3)).toBe(1);
    expect(substreamFor('low', 3)).toBe(0);
  });

  it('a layer the publisher does not send falls back to its lowest one', () => {
    expect(substreamFor('high', 2)).toBe(1);
    expect(substreamFor('medium', 2)).toBe(0);
    expect(substreamFor('low', 2)).toBe(0);
    expect(substreamFor('high', 1)).toBe(0);
    expect(substreamFor('low', 1)).toBe(0);
  });

  it('isVideoLayer() accepts the four layers only', () => {
    expect(['high', 'medium', 'low', 'off'].every(isVideoLayer)).toBe(true);
    expect(isVideoLayer('HIGH')).toBe(false);
    expect(isVideoLayer(2)).toBe(false);
  });
});

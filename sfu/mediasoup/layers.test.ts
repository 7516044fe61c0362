import { describe, expect, it } from 'vitest';
import { spatialLayerFor } from './layers.js';

describe('mediasoup simulcast layers', () => {
  it('maps high/medium/low onto encodings ordered low → high', () => {
    expect([spatialLayerFor('high', 3), spatialLayerFor('medium', 3), spatialLayerFor('low', 3)]).toEqual([2, 1, 0]);
  });

  it('falls back to the lowest encoding sent when the layer is missing', () => {
    expect([spatialLayerFor('high', 2), spatialLayerFor('medium', 2), spatialLayerFor('low', 2)]).toEqual([1, 0, 0]);
    expect([spatialLayerFor('high', 1), spatialLayerFor('medium', 1), spatialLayerFor('low', 1)]).toEqual([0, 0, 0]);
    expect(spatialLayerFor('high', 0)).toBe(0);
  });
});

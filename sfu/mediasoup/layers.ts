/**
 * Simulcast layers as mediasoup numbers them: spatial layer i is the producer's i-th encoding,
 * and mediasoup requires the encodings ordered lowest resolution first (the client sends them
 * low → high). So with n encodings, high = n-1, medium = n-2, low = 0; a layer the publisher does
 * not send falls back to its lowest one.
 */
import type { VideoLayer } from '../MediaEngineTypes.js';

/** Distance of each layer from the top encoding. */
const FROM_TOP: Record<Exclude<VideoLayer, 'off'>, number> = { high: 0, medium: 1, low: 2 };

/** The spatial layer that carries `layer` for a producer sending `encodings` encodings (low → high). */
export function spatialLayerFor(layer: Exclude<VideoLayer, 'off'>, encodings: number): number {
  const n = Math.max(1, Math.floor(encodings));
  return Math.max(0, n - 1 - FROM_TOP[layer]);
}

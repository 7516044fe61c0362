/**
 * Simulcast layers as Janus numbers them.
 *
 * Measured with Janus 1.1.2 and a libwebrtc publisher sending 3 encodings (see the
 * integration test "setLayer switches the decoded resolution" and docs/sfu.md): Janus numbers
 * substreams in REVERSE order of the encodings in the offer. With the offer listing h;m;l
 * (what our clients send: high, medium, low), substream 2 is high, 1 medium, 0 low; with l;m;h
 * substream 0 would be high. So with n encodings ordered high..low, the encoding at position p
 * is substream n-1-p.
 */
import type { VideoLayer } from './MediaEngineTypes.js';

const POSITION: Record<Exclude<VideoLayer, 'off'>, number> = { high: 0, medium: 1, low: 2 };

/**
 * The Janus substream that carries `layer` for a publisher that sends `encodings` encodings
 * ordered high to low. A layer the publisher does not send falls back to its lowest one.
 */
export function substreamFor(layer: Exclude<VideoLayer, 'off'>, encodings: number): number {
  const n = Math.max(1, Math.min(3, Math.floor(encodings)));
  const position = Math.min(POSITION[layer], n - 1);
  return n - 1 - position;
}

export function isVideoLayer(value: unknown): value is VideoLayer {
  return value === 'high' || value === 'medium' || value === 'low' || value === 'off';
}

/**
 * The signing both node-to-node wires share (media pipes, nodePipeWire.ts; edge rooms,
 * roomWire.ts): HMAC-SHA256 under the deployment's shared secret, a validity window, and each
 * message accepted once. A `purpose` prefix is part of what is signed, so a message signed for
 * one wire never verifies on the other (the pipe wire's purpose is empty, as it always was).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../../platform/index.js';
import { WIRE_REJECTIONS, type WireRejection } from '../metrics.js';

export class WireSigner {
  readonly #secret: string;
  readonly #purpose: string;
  readonly ttlMs: number;
  readonly clock: Clock;
  /** Nonces accepted and not yet expired: a replayed message is dropped. */
  readonly #seen = new Map<string, number>();

  constructor(options: { secret: string; purpose: string; ttlMs?: number; clock?: Clock }) {
    if (options.secret.length < 32) throw new Error('node-to-node messages need a secret of at least 32 characters');
    this.#secret = options.secret;
    this.#purpose = options.purpose;
    this.ttlMs = options.ttlMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
  }

  /** When a message sealed now expires. */
  expiry(): number {
    return this.clock.now() + this.ttlMs;
  }

  mac(body: Uint8Array): Buffer {
    return createHmac('sha256', this.#secret).update(this.#purpose).update(body).digest();
  }

  verify(body: Uint8Array, mac: Uint8Array): boolean {
    const given = Buffer.from(mac);
    const expected = this.mac(body);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * Whether a verified message with this expiry is fresh: not expired, and not valid for longer
   * than a live node ever signs (a far expiry is a bug or a replay trick).
   */
  fresh(expiresAtMs: number): boolean {
    const now = this.clock.now();
    return expiresAtMs >= now && expiresAtMs <= now + 2 * this.ttlMs;
  }

  /** True the first time a nonce is seen (remembered until its message expires). */
  once(nonce: string, expiresAtMs: number): boolean {
    const now = this.clock.now();
    if (this.#seen.size >= 1024) for (const [n, exp] of this.#seen) if (exp < now) this.#seen.delete(n);
    if (this.#seen.has(nonce)) return false;
    this.#seen.set(nonce, expiresAtMs);
    return true;
  }
}

/**
 * The metric label of a refusal: both wires' open() say why in words ('bad signature', 'stale',
 * 'malformed call: bad peer id'…); the label keeps only the kind, so its values stay few.
 */
export function rejectionOf(why: string): WireRejection {
  if (why === 'bad signature') return 'forged';
  const first = why.split(' ')[0] ?? '';
  return WIRE_REJECTIONS.find((r) => r === first) ?? 'malformed';
}

/**
 * A rate limit per key (a user, for joins: issue 13.6, one student joined and left 4,000 times
 * in 15 s): `burst` at once, then `perMinute`. Keys whose bucket has refilled are forgotten once
 * there are more than `maxKeys`, so the map stays as small as the set of busy keys.
 */
export interface KeyedRateLimiterOptions {
  perMinute: number;
  burst: number;
  /** Keys kept before full buckets are swept. Default 10000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class KeyedRateLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: KeyedRateLimiterOptions) {
    this.#perMs = options.perMinute / 60_000;
    this.#burst = options.burst;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one for `key`: 0 when allowed, else the milliseconds until the next one would be. */
  take(key: string, now: number): number {
    if (this.#buckets.size >= this.#maxKeys && !this.#buckets.has(key)) this.#sweep(now);
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#perMs);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / this.#perMs);
    b.tokens -= 1;
    return 0;
  }

  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) if (b.tokens + (now - b.at) * this.#perMs >= this.#burst) this.#buckets.delete(key);
  }
}

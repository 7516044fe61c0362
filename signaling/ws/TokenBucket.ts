/** Rate limit per connection: `burst` messages at once, refilled at `perSecond`. */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #last: number;

  constructor(perSecond: number, burst: number, now: number) {
    this.#capacity = burst;
    this.#perMs = perSecond / 1000;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes a token; false when the bucket is empty. */
  take(now: number): boolean {
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

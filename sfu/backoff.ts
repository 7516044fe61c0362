/**
 * Restart delays of a supervised process: grow by `factor` from `initialMs` up to `maxMs`, and
 * start again from `initialMs` once the process has served for `stableAfterMs` (a process that
 * crashes once a day should come back at once, one that crash-loops should not spin the CPU).
 */
export interface RestartBackoffOptions {
  /** Delay before the first restart of an mediasoup worker that stopped. Default 200 ms. */
  initialMs?: number;
  /** Longest delay between two restarts; restarts go on forever. Default 5000 ms. */
  maxMs?: number;
  /** Factor applied to the delay after each failed restart. Default 2. */
  factor?: number;
  /** An instance that served this long without stopping starts again from `initialMs`. Default 30000 ms. */
  stableAfterMs?: number;
}

/** Every option of RestartBackoffOptions, applied. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  stableAfterMs: number;
}

export class RestartBackoff {
  readonly #policy: BackoffPolicy;
  #failures = 0;
  #upSince: number | undefined;

  constructor(policy: BackoffPolicy) {
    this.#policy = policy;
  }

  /** Consecutive stops without a stable period in between. */
  get failures(): number {
    return this.#failures;
  }

  /** The process started serving at `now` (ms). */
  up(now: number): void {
    this.#upSince = now;
  }

  /** The process stopped at `now` (ms); returns how long to wait before starting it again. */
  down(now: number): number {
    const servedMs = this.#upSince === undefined ? 0 : now - this.#upSince;
    this.#upSince = undefined;
    if (servedMs >= this.#policy.stableAfterMs) this.#failures = 0;
    const delay = this.#policy.initialMs * this.#policy.factor ** this.#failures;
    this.#failures++;
    return Math.min(this.#policy.maxMs, Math.round(delay));
  }
}

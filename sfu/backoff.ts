/**
 * Restart delays of a supervised process: grow by `factor` from `initialMs` up to `maxMs`, and
 * start again from `initialMs` once the process has served for `stableAfterMs` (a process that
 * crashes once a day should come back at once, one that crash-loops should not spin the CPU).
 */
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

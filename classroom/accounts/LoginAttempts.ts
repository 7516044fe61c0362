/**
 * Counting login attempts so that concurrency cannot bypass the limit (issue 13.1).
 *
 * An attempt is counted as a failure on its account and its IP *before* its password is
 * checked, in one atomic step that also refuses it when a key is locked; the attempt that
 * reaches the limit sets the lock itself. So of any burst, however concurrent, at most the limit
 * is ever checked. A success then takes its count back: the account's counter is cleared, the
 * IP's loses this attempt (a class behind one address keeps its budget). An attempt that could
 * not be checked at all (the server was busy) is taken back on every key.
 */
import type { Clock } from '../../platform/index.js';
import type { LoginThrottleStore, ThrottleScope, ThrottleState } from './AccountTypes.js';
import { afterFailure, lockRemainingMs, type ThrottleRules } from './throttle.js';

export type ThrottleKey = readonly [ThrottleScope, string];

export interface Attempt {
  readonly keys: readonly ThrottleKey[];
  /** The counters before and after this attempt counted itself. */
  readonly before: readonly ThrottleState[];
  readonly after: readonly ThrottleState[];
  /** True when this attempt reached a limit and locked a key. */
  readonly lockedNow: boolean;
}

export type AttemptStart = { allowed: true; attempt: Attempt } | { allowed: false; retryAfterMs: number };

export class LoginAttempts {
  readonly #store: LoginThrottleStore;
  readonly #rules: ThrottleRules;
  readonly #clock: Clock;

  constructor(store: LoginThrottleStore, rules: ThrottleRules, clock: Clock) {
    this.#store = store;
    this.#rules = rules;
    this.#clock = clock;
  }

  /** Counts the attempt, or refuses it while a key is locked. */
  async begin(keys: readonly ThrottleKey[]): Promise<AttemptStart> {
    const now = this.#clock.now();
    // A read first: while locked (the whole of a flood, after its first few), refusing costs no write.
    const seen = await Promise.all(keys.map(([scope, key]) => this.#store.get(scope, key)));
    const waitMs = Math.max(0, ...seen.map((s) => lockRemainingMs(s, now)));
    if (waitMs > 0) return { allowed: false, retryAfterMs: waitMs };
    let before: ThrottleState[] = [];
    let refusedMs = 0;
    const after = await this.#store.updateMany(keys, now, (current) => {
      before = current;
      refusedMs = Math.max(0, ...current.map((s) => lockRemainingMs(s, now)));
      if (refusedMs > 0) return current;
      return current.map((s, i) => afterFailure(s, now, this.#rules[(keys[i] as ThrottleKey)[0]]));
    });
    if (refusedMs > 0) return { allowed: false, retryAfterMs: refusedMs };
    const lockedNow = after.some((s, i) => s.lockedUntil > now && (before[i] as ThrottleState).lockedUntil <= now);
    return { allowed: true, attempt: { keys, before, after, lockedNow } };
  }

  /**
   * The password was right: the account (or the account's guesses at a lesson) starts afresh,
   * the other keys take this attempt back.
   */
  async succeeded(attempt: Attempt): Promise<void> {
    const cleared = (scope: string) => scope === 'account' || scope === 'lesson_password';
    const others = attempt.keys.filter(([scope]) => !cleared(scope));
    await Promise.all(attempt.keys.filter(([scope]) => cleared(scope)).map(([scope, key]) => this.#store.clear(scope, key)));
    if (others.length > 0) await this.#takeBack({ ...attempt, keys: others }, attempt);
  }

  /** The password could not be checked (busy, failed): the attempt did not happen. */
  async cancelled(attempt: Attempt): Promise<void> {
    await this.#takeBack(attempt, attempt);
  }

  async #takeBack(subset: Pick<Attempt, 'keys'>, attempt: Attempt): Promise<void> {
    const index = subset.keys.map((k) => attempt.keys.indexOf(k));
    await this.#store.updateMany(subset.keys, this.#clock.now(), (current) =>
      current.map((s, j) => withoutAttempt(s, attempt.before[index[j] as number] as ThrottleState, attempt.after[index[j] as number] as ThrottleState)),
    );
  }
}

/** The counter `current` without one attempt that moved it from `before` to `after`. */
function withoutAttempt(current: ThrottleState, before: ThrottleState, after: ThrottleState): ThrottleState {
  // This attempt set the lock, and nothing counted since (a locked key refuses): undo it whole.
  if (
    after.lockedUntil !== before.lockedUntil &&
    current.lockedUntil === after.lockedUntil && current.failures === after.failures && current.windowStart === after.windowStart) {
    return before;
  }
  if (current.windowStart === after.windowStart && current.failures > 0) return { ...current, failures: current.failures - 1 };
  return current;
}

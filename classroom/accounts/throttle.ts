/**
 * Login throttling rules, as pure functions over a stored counter (one per account, one per IP).
 *
 * After `maxFailures` failures within `windowMs`, the key is locked for `baseLockMs`; every
 * further lock lasts twice the previous one, up to `maxLockMs`. While locked, attempts are
 * refused before the password is even checked (so guessing continues to cost nothing but
 * time). A lock level is forgotten `lockMemoryMs` after the last lock ended. A successful login
 * clears the account's counter, not the IP's (one known password must not reset a guessing
 * campaign from that address).
 */
import type { ThrottleState } from './AccountTypes.js';

export interface ThrottleRule {
  /** Failures that lock. */
  maxFailures: number;
  /** Failures are counted over this window. */
  windowMs: number;
  /** First lock. */
  baseLockMs: number;
  /** Longest lock. */
  maxLockMs: number;
  /** After this long without a lock, the next lock is a first lock again. */
  lockMemoryMs: number;
}

export interface ThrottleRules {
  /** Default: 5 failures in 15 min lock the account 1 min, then 2, 4, 8... up to 1 h. */
  account: ThrottleRule;
  /**
   * Default: 50 failures in 15 min lock the IP 1 min, then doubling up to 1 h. Far higher than
   * per account, because a school's computer room or a mobile carrier's NAT puts a whole class
   * of students (who mistype) behind one address.
   */
  ip: ThrottleRule;
  /** Default: 5 wrong lesson passwords in 15 min lock that lesson for that account 1 min, then doubling up to 1 h. */
  lesson_password: ThrottleRule;
}

const MINUTE = 60_000;

export const DEFAULT_THROTTLE: ThrottleRules = {
  account: { maxFailures: 5, windowMs: 15 * MINUTE, baseLockMs: MINUTE, maxLockMs: 60 * MINUTE, lockMemoryMs: 24 * 60 * MINUTE },
  ip: { maxFailures: 50, windowMs: 15 * MINUTE, baseLockMs: MINUTE, maxLockMs: 60 * MINUTE, lockMemoryMs: 24 * 60 * MINUTE },
  lesson_password: { maxFailures: 5, windowMs: 15 * MINUTE, baseLockMs: MINUTE, maxLockMs: 60 * MINUTE, lockMemoryMs: 24 * 60 * MINUTE },
};

export const EMPTY_THROTTLE: ThrottleState = { failures: 0, windowStart: 0, lockedUntil: 0, lockLevel: 0 };

/** Milliseconds until the key is unlocked; 0 when it is not locked. */
export function lockRemainingMs(state: ThrottleState | undefined, now: number): number {
  return state ? Math.max(0, state.lockedUntil - now) : 0;
}

/** The counter after one more failure at `now` (possibly locking it). */
export function afterFailure(state: ThrottleState, now: number, rule: ThrottleRule): ThrottleState {
  let { failures, windowStart, lockLevel } = state;
  const { lockedUntil } = state;
  if (lockLevel > 0 && lockedUntil + rule.lockMemoryMs <= now) lockLevel = 0;
  if (now - windowStart >= rule.windowMs) {
    failures = 0;
    windowStart = now;
  }
  failures += 1;
  if (failures < rule.maxFailures) return { failures, windowStart, lockedUntil, lockLevel };
  const level = lockLevel + 1;
  const duration = Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** (level - 1));
  return { failures: 0, windowStart: now, lockedUntil: now + duration, lockLevel: level };
}

/**
 * An IPv6 client owns a whole /64 and can rotate addresses within it at will: throttle the
 * prefix. IPv4 addresses (also IPv4-mapped IPv6) are used as they are.
 */
export function ipThrottleKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1] as string;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_THROTTLE, EMPTY_THROTTLE, ipThrottleKey, lockRemainingMs } from './throttle.js';

const MIN = 60_000;
const rule = DEFAULT_THROTTLE.account;

function fail(times: number, start: number, from = EMPTY_THROTTLE, stepMs = 1000) {
  let s = from;
  for (let i = 0; i < times; i++) s = afterFailure(s, start + i * stepMs, rule);
  return s;
}

describe('login throttling rules', () => {
  it('four failures in 15 minutes do not lock; the fifth locks for one minute', () => {
    const four = fail(4, 0);
    expect(lockRemainingMs(four, 4000)).toBe(0);
    const five = afterFailure(four, 4000, rule);
    expect(lockRemainingMs(five, 4000)).toBe(MIN);
    expect(lockRemainingMs(five, 4000 + MIN)).toBe(0);
  });

  it('failures spread over more than the window never lock', () => {
    const s = fail(20, 0, EMPTY_THROTTLE, 4 * MIN);
    expect(s.lockLevel).toBe(0);
  });

  it('each further lock doubles, up to one hour', () => {
    let s = EMPTY_THROTTLE;
    let t = 0;
    const durations: number[] = [];
    for (let lock = 0; lock < 8; lock++) {
      s = fail(5, t, s);
      t += 4000;
      durations.push(lockRemainingMs(s, t));
      t = s.lockedUntil;
    }
    expect(durations.map((d) => d / MIN)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('the lock level is forgotten a day after the last lock', () => {
    const locked = fail(5, 0);
    const dayLater = fail(5, locked.lockedUntil + 24 * 60 * MIN, locked);
    expect(dayLater.lockLevel).toBe(1);
  });

  it('throttles IPv6 clients by /64 and IPv4 (also mapped) by address', () => {
    expect(ipThrottleKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipThrottleKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(ipThrottleKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipThrottleKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(ipThrottleKey('203.0.113.9')).toBe('203.0.113.9');
  });
});

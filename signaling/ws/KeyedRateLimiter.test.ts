import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter } from './KeyedRateLimiter.js';

describe('KeyedRateLimiter', () => {
  it('lets a burst through per key, then one per interval, and says how long to wait', () => {
    const limiter = new KeyedRateLimiter({ perMinute: 30, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take('a', 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 1000)).toBe(2000);
    expect(limiter.take('b', 1000)).toBe(0);
    expect(limiter.take('a', 2500)).toBe(500);
    expect(limiter.take('a', 3000)).toBe(0);
  });

  it('forgets keys whose bucket has refilled, so it does not grow without bound', () => {
    const limiter = new KeyedRateLimiter({ perMinute: 60, burst: 2, maxKeys: 100 });
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`, 0);
    expect(limiter.size).toBe(100);
    limiter.take('late', 10_000);
    expect(limiter.size).toBe(1);
  });
});

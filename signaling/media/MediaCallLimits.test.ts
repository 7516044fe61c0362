import { describe, expect, it } from 'vitest';
import { ManualClock, RateLimitedError } from '../../platform/index.js';
import { MediaCallLimits } from './MediaCallLimits.js';

describe('MediaCallLimits', () => {
  it('refuses the call over the budget with RATE_LIMITED and a retry time, per participant and per call', () => {
    const clock = new ManualClock(1_000_000);
    const limits = new MediaCallLimits(clock, { setup: 2, produce: 3, connect: 3, restartIce: 1 });
    limits.take('p1', 'setup');
    clock.advance(10_000);
    limits.take('p1', 'setup');
    let error: unknown;
    try {
      limits.take('p1', 'setup');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(50);
    expect((error as RateLimitedError).message).toMatch(/Too many media set-ups/);
    limits.take('p2', 'setup');
    limits.take('p1', 'produce');
  });

  it('gives the budget back as the minute slides, and forgets a participant', () => {
    const clock = new ManualClock(0);
    const limits = new MediaCallLimits(clock, { setup: 1, produce: 1, connect: 1, restartIce: 1 });
    limits.take('p1', 'restartIce');
    expect(() => limits.take('p1', 'restartIce')).toThrow(RateLimitedError);
    clock.advance(60_000);
    limits.take('p1', 'restartIce');
    limits.forget('p1');
    limits.take('p1', 'restartIce');
  });
});

import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../platform/index.js';
import { NegotiationLimits } from './negotiationLimits.js';

describe('media negotiation limits (issue 13.6)', () => {
  it('a burst, then the rate, per user and lesson; other requests are not counted', () => {
    const limits = new NegotiationLimits({ burst: 3, perMinute: 60 });
    for (let i = 0; i < 3; i++) limits.check({ type: 'restartMedia' }, 'u1', 'l1', 0);
    expect(() => limits.check({ type: 'restartMedia' }, 'u1', 'l1', 0)).toThrow(/try again in 1 s/);
    for (let i = 0; i < 100; i++) limits.check({ type: 'sendChat' }, 'u1', 'l1', 0);
    for (let i = 0; i < 100; i++) limits.check({ type: 'mediaSetup' }, 'u1', 'l1', 0);
    limits.check({ type: 'restartMedia' }, 'u2', 'l1', 0);
    limits.check({ type: 'restartMedia' }, 'u1', 'l2', 0);
    expect(() => limits.check({ type: 'restartMedia' }, 'u1', 'l1', 999)).toThrow(RateLimitedError);
    limits.check({ type: 'restartMedia' }, 'u1', 'l1', 1000);
  });
});

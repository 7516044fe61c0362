import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './backoff.js';

const policy = { initialMs: 200, maxMs: 5_000, factor: 2, stableAfterMs: 30_000 };

describe('RestartBackoff', () => {
  it('doubles the delay after each quick failure, capped at maxMs, forever', () => {
    const b = new RestartBackoff(policy);
    const delays = Array.from({ length: 8 }, (_, i) => {
      b.up(i * 1000);
      return b.down(i * 1000 + 10);
    });
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    expect(b.failures).toBe(8);
  });

  it('a process that never came up counts as a quick failure', () => {
    const b = new RestartBackoff(policy);
    expect([b.down(0), b.down(1), b.down(2)]).toEqual([200, 400, 800]);
  });

  it('starts again from initialMs after a stable period', () => {
    const b = new RestartBackoff(policy);
    b.down(0);
    b.down(1);
    b.up(1_000);
    expect(b.down(1_000 + 30_000)).toBe(200);
    b.up(40_000);
    expect(b.down(40_010)).toBe(400);
  });
});

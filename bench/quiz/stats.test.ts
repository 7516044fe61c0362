import { describe, expect, it } from 'vitest';
import { figures, percentile } from './stats.js';

describe('live quiz bench accounting', () => {
  it('nearest-rank percentiles', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(ms, 50), percentile(ms, 99), percentile(ms, 100), percentile([], 50)]).toEqual([50, 99, 100, null]);
    expect(percentile([3.14159], 99)).toBe(3.1);
  });

  it('counts as lost every student without an Ack: refused, timed out, or who never saw the question', () => {
    const f = figures([
      { kind: 'acked', ackMs: 4 },
      { kind: 'acked', ackMs: 8 },
      { kind: 'failed', error: 'CONFLICT quiz_closed' },
      { kind: 'failed', error: 'CONFLICT quiz_closed' },
      { kind: 'silent' },
    ]);
    expect(f).toEqual({ students: 5, answers: 2, lost: 3, ackP50Ms: 4, ackP99Ms: 8, errors: ['CONFLICT quiz_closed'] });
  });
});

import { describe, expect, it } from 'vitest';
import { PresenceSummarySweep } from './PresenceSummarySweep.js';
import type { StatisticsStore } from './StatisticsTypes.js';

/** A store with `pending` ended lessons to fold; counts the planner refreshes. */
function fakeStore(pending: number): { store: StatisticsStore; refreshes: () => number; add(n: number): void } {
  let left = pending;
  let refreshes = 0;
  const store = {
    summarizeEnded: async (_before: number, limit: number) => {
      const n = Math.min(limit, left);
      left -= n;
      return n;
    },
    refreshPlannerStatistics: async () => {
      refreshes++;
    },
  } as unknown as StatisticsStore;
  return { store, refreshes: () => refreshes, add: (n) => (left += n) };
}

const clock = { now: () => 1_000_000 };

describe('PresenceSummarySweep', () => {
  it('refreshes the planner statistics after a sweep that folded many lessons, not after small ones', async () => {
    const f = fakeStore(450);
    const sweep = new PresenceSummarySweep(f.store, { clock, intervalMs: 3_600_000, batch: 50, analyzeAfter: 200 });
    await sweep.sweep(); // the first sweep, started by the constructor: the whole backfill
    expect(f.refreshes()).toBe(1);
    f.add(30);
    await sweep.sweep();
    expect(f.refreshes()).toBe(1);
    f.add(250);
    await sweep.sweep();
    expect(f.refreshes()).toBe(2);
    await sweep.close();
  });

  it('a failed refresh is retried at the next big sweep and does not stop the sweeps', async () => {
    const f = fakeStore(300);
    let fail = true;
    const store = {
      summarizeEnded: f.store.summarizeEnded,
      refreshPlannerStatistics: async () => {
        if (fail) throw new Error('lock timeout');
        await f.store.refreshPlannerStatistics();
      },
    } as unknown as StatisticsStore;
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, warn: (o: unknown) => warnings.push(o), error: () => undefined, debug: () => undefined } as never;
    const sweep = new PresenceSummarySweep(store, { clock, intervalMs: 3_600_000, analyzeAfter: 200, logger });
    await sweep.sweep();
    expect(warnings).toHaveLength(1);
    fail = false;
    f.add(200);
    await sweep.sweep();
    expect(f.refreshes()).toBe(1);
    await sweep.close();
  });
});

import { describe, expect, it } from 'vitest';
import { deferred } from '../../platform/index.js';
import { LatestRuns } from './LatestRuns.js';

describe('LatestRuns', () => {
  it('collapses the requests made during a run into one more run with the latest task', async () => {
    const runs = new LatestRuns<string>();
    const gate = deferred<void>();
    const ran: string[] = [];
    const first = runs.run('p', async () => {
      ran.push('first');
      await gate.promise;
    });
    const waits = ['a', 'b', 'c'].map((name) => runs.run('p', async () => void ran.push(name)));
    expect(ran).toEqual(['first']);
    gate.resolve();
    await Promise.all([first, ...waits]);
    expect(ran).toEqual(['first', 'c']);
    expect(runs.size).toBe(0);
  });

  it('runs different keys side by side', async () => {
    const runs = new LatestRuns<string>();
    const gate = deferred<void>();
    const ran: string[] = [];
    const a = runs.run('a', async () => {
      ran.push('a');
      await gate.promise;
    });
    await runs.run('b', async () => void ran.push('b'));
    expect(ran).toEqual(['a', 'b']);
    gate.resolve();
    await a;
  });

  it('a failed run rejects its own callers only; the queued run still runs', async () => {
    const runs = new LatestRuns<string>();
    const gate = deferred<void>();
    const first = runs.run('p', async () => {
      await gate.promise;
      throw new Error('engine down');
    });
    let second = false;
    const queued = runs.run('p', async () => {
      second = true;
    });
    gate.resolve();
    await expect(first).rejects.toThrow('engine down');
    await expect(queued).resolves.toBeUndefined();
    expect(second).toBe(true);
    expect(runs.size).toBe(0);
  });

  it('a request after a run finished starts a new run at once', async () => {
    const runs = new LatestRuns<string>();
    let count = 0;
    await runs.run('p', async () => void count++);
    await runs.run('p', async () => void count++);
    expect(count).toBe(2);
  });
});

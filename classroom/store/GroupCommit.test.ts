import { describe, expect, it } from 'vitest';
import { GroupCommit } from './GroupCommit.js';

/** Commits that take `ms`, recorded with the time they started. */
function recorder(ms: number) {
  const commits: { at: number; items: number[] }[] = [];
  const commitMany = async (items: readonly number[]) => {
    commits.push({ at: performance.now(), items: [...items] });
    await new Promise((r) => setTimeout(r, ms));
    return items.map((i) => i * 2);
  };
  return { commits, commitMany, commitOne: async (i: number) => (await commitMany([i]))[0] as number };
}

describe('GroupCommit', () => {
  it('resolves each item with its own result, after the commit that holds it', async () => {
    const r = recorder(1);
    const gc = new GroupCommit(r);
    expect(await Promise.all([1, 2, 3].map((i) => gc.submit(i)))).toEqual([2, 4, 6]);
    expect(r.commits.map((c) => c.items)).toEqual([[1, 2, 3]]);
  });

  it('under a steady stream, starts commits no closer than coalesceMs; after a quiet spell, commits at once', async () => {
    const r = recorder(1);
    const gc = new GroupCommit({ ...r, coalesceMs: 40 });
    const stream: Promise<number>[] = [];
    for (let i = 0; i < 60; i++) {
      stream.push(gc.submit(i));
      await new Promise((res) => setTimeout(res, 2));
    }
    await Promise.all(stream);
    const gaps = r.commits.slice(1).map((c, i) => c.at - (r.commits[i] as { at: number }).at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(38);
    expect(r.commits.length).toBeLessThan(10);
    await new Promise((res) => setTimeout(res, 60));
    const started = performance.now();
    await gc.submit(100);
    expect(performance.now() - started).toBeLessThan(30);
  });

  it('a batch that fails is retried item by item, so only the bad item fails', async () => {
    const gc = new GroupCommit<number, number>({
      commitMany: async (items) => {
        if (items.includes(13)) throw new Error('bad batch');
        return [...items];
      },
      commitOne: async (i) => {
        if (i === 13) throw new Error('bad item');
        return i;
      },
    });
    const results = await Promise.allSettled([1, 13, 2].map((i) => gc.submit(i)));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

import { describe, expect, it } from 'vitest';
import { deferred, UnavailableError, type Deferred } from '../../platform/index.js';
import { BoundedHasher } from './BoundedHasher.js';
import type { PasswordHasher } from './passwords.js';

/** A hasher whose verifications finish when the test says so; it records how many ran at once. */
class GatedHasher implements PasswordHasher {
  running = 0;
  maxRunning = 0;
  readonly gates: Deferred<boolean>[] = [];
  hash(): Promise<string> {
    return this.verify().then(() => 'hash');
  }
  async verify(): Promise<boolean> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const gate = deferred<boolean>();
    this.gates.push(gate);
    try {
      return await gate.promise;
    } finally {
      this.running--;
    }
  }
  needsRehash(): boolean {
    return false;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('BoundedHasher', () => {
  it('runs at most maxConcurrent hashes at once and the others in arrival order', async () => {
    const inner = new GatedHasher();
    const bounded = new BoundedHasher(inner, { maxConcurrent: 2, maxQueued: 100 });
    const results = Array.from({ length: 10 }, (_, i) => bounded.verify('h', String(i)));
    for (let done = 0; done < 10; done++) {
      await tick();
      expect(inner.running).toBeLessThanOrEqual(2);
      inner.gates[done]?.resolve(done % 2 === 0);
    }
    expect(await Promise.all(results)).toEqual([true, false, true, false, true, false, true, false, true, false]);
    expect(inner.maxRunning).toBe(2);
  });

  it('refuses with UNAVAILABLE, without running it, a hash that would wait behind maxQueued others', async () => {
    const inner = new GatedHasher();
    const bounded = new BoundedHasher(inner, { maxConcurrent: 1, maxQueued: 3 });
    const accepted = Array.from({ length: 4 }, () => bounded.verify('h', 'x'));
    await expect(bounded.verify('h', 'x')).rejects.toBeInstanceOf(UnavailableError);
    await expect(bounded.hash('x')).rejects.toBeInstanceOf(UnavailableError);
    for (let i = 0; i < 4; i++) {
      await tick();
      inner.gates[i]?.resolve(true);
    }
    expect(await Promise.all(accepted)).toEqual([true, true, true, true]);
    expect(inner.gates).toHaveLength(4);
  });

  it('a failing hash frees its slot', async () => {
    const inner = new GatedHasher();
    const bounded = new BoundedHasher(inner, { maxConcurrent: 1, maxQueued: 1 });
    const first = bounded.verify('h', 'x');
    const second = bounded.verify('h', 'y');
    await tick();
    inner.gates[0]?.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await tick();
    inner.gates[1]?.resolve(true);
    expect(await second).toBe(true);
  });
});

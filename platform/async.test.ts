import { describe, expect, it } from 'vitest';
import { ClosedError, SerialQueue, SingleFlight, TimeoutError, deferred, sleep, withTimeout } from './async.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in push order', async () => {
    const q = new SerialQueue('room');
    const log: string[] = [];
    const a = q.push(async () => {
      log.push('a-start');
      await sleep(20);
      log.push('a-end');
    });
    const b = q.push(() => {
      log.push('b');
    });
    await Promise.all([a, b]);
    expect(log).toEqual(['a-start', 'a-end', 'b']);
  });

  it('a failing task rejects only its own promise', async () => {
    const q = new SerialQueue('room');
    const bad = q.push(() => {
      throw new Error('boom');
    });
    const good = q.push(() => 42);
    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toBe(42);
  });

  it('close() rejects every pending task and later pushes', async () => {
    const q = new SerialQueue('room');
    const gate = deferred<void>();
    const running = q.push(() => gate.promise);
    const pending = q.push(() => 'never');
    q.close();
    q.close(); // safe twice
    await expect(pending).rejects.toBeInstanceOf(ClosedError);
    await expect(q.push(() => 1)).rejects.toBeInstanceOf(ClosedError);
    gate.resolve();
    await expect(running).rejects.toBeInstanceOf(ClosedError);
  });
});

describe('SingleFlight', () => {
  it('concurrent callers share one creation; a failure is forgotten', async () => {
    const sf = new SingleFlight<string, number>();
    let calls = 0;
    const make = async () => {
      calls++;
      await sleep(5);
      return calls;
    };
    const [x, y] = await Promise.all([sf.run('k', make), sf.run('k', make)]);
    expect([x, y, calls]).toEqual([1, 1, 1]);
    await expect(sf.run('k', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(sf.run('k', make)).resolves.toBe(2);
  });
});

describe('withTimeout', () => {
  it('rejects with a TimeoutError when the promise is too slow', async () => {
    await expect(withTimeout(sleep(200), 10, 'slow thing')).rejects.toBeInstanceOf(TimeoutError);
    await expect(withTimeout(Promise.resolve(3), 100, 'fast')).resolves.toBe(3);
  });
});

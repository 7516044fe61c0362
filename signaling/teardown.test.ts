import { describe, expect, it } from 'vitest';
import { silentLogger } from '../platform/index.js';
import { Teardown } from './teardown.js';

describe('Teardown', () => {
  it('closes last-opened first, goes on after a failing step, and runs once', async () => {
    const t = new Teardown(silentLogger());
    const closed: string[] = [];
    t.add('storage', 's', (r) => void closed.push(r));
    t.add('engine', 'e', () => {
      throw new Error('engine would not stop');
    });
    t.add('listener', 'l', async (r) => {
      await new Promise((res) => setTimeout(res, 5));
      closed.push(r);
    });
    await Promise.all([t.run(), t.run()]);
    await t.run();
    expect(closed).toEqual(['l', 's']);
  });
});

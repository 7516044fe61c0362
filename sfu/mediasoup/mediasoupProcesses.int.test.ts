/**
 * mediasoup worker processes and a server that dies without closing: a worker ends when its
 * channel to Node closes, so the workers of a SIGKILLed server die with it (no pid files, no
 * clean-up at the next start), and the next server can take the same media ports at once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, startTestMediasoupEngine, testMediaPorts } from '../../testkit/mediasoupEngine.js';
import { waitFor } from '../../testkit/mediaSources.js';

describe('mediasoup worker processes', () => {
  it('die with a SIGKILLed server; the next server gets the same ports', async () => {
    const port = await testMediaPorts();
    const runner = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../testkit/mediasoupOrphanRunner.ts'), String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pids from the runner')), 20_000);
      runner.stdout.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString());
      });
    });
    const workers = Object.values(JSON.parse(line) as Record<string, number>);
    expect(workers).toHaveLength(2);
    expect(alive(workers)).toEqual(workers);
    const exited = new Promise((resolve) => runner.once('exit', resolve));
    runner.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await waitFor('workers gone', () => alive(workers).length === 0, 5_000);
    console.info(`mediasoup workers of a SIGKILLed server gone after ${Date.now() - killedAt} ms`);

    const t = await startTestMediasoupEngine({ workers: 2, port });
    expect(t.engine.stats().instancesUp).toBe(2);
    const pids = t.pids();
    await t.dispose();
    expect(alive(pids)).toEqual([]);
  });
});

/**
 * Janus processes and a server that dies without closing: they die with it (parent-death
 * signal), or, started without it, are killed at the next start (pid files, argv). Instance
 * death and recovery are in the shared engine suite (testkit/engineContract.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesMentioning, startTestEngine, type TestEngine } from '../testkit/janusEngine.js';

const engines: TestEngine[] = [];

afterAll(async () => {
  for (const t of engines) {
    await t.dispose();
    expect(await processesMentioning(t.runtimeDir)).toEqual([]);
  }
});

function once<T extends unknown[]>(subscribe: (cb: (...args: T) => void) => void, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
    subscribe((...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

describe('Janus processes', () => {
  it('Janus processes die with a SIGKILLed server (parent-death signal)', async () => {
    const runtimeDir = await mkdtemp(join(tmpdir(), 'sfu-pdeath-'));
    const runner = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../testkit/janusOrphanRunner.ts'), runtimeDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await once<[string]>((cb) => runner.stdout.once('data', (d: Buffer) => cb(d.toString())), 20_000, 'runner pids');
    const janus = Object.values(JSON.parse(line[0]) as Record<string, number>);
    expect(janus).toHaveLength(2);
    expect((await processesMentioning(runtimeDir)).filter((pid) => pid !== runner.pid).sort()).toEqual([...janus].sort());
    runner.kill('SIGKILL');
    await once((cb) => runner.once('exit', cb), 5_000, 'runner exit');
    const deadline = Date.now() + 5_000;
    while ((await processesMentioning(runtimeDir)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await processesMentioning(runtimeDir)).toEqual([]);
    await rm(runtimeDir, { recursive: true, force: true });
  });

  it('kills the Janus processes a SIGKILLed server left in its runtime folder', async () => {
    const runtimeDir = await mkdtemp(join(tmpdir(), 'sfu-orphans-'));
    const runner = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../testkit/janusOrphanRunner.ts'), runtimeDir, 'orphans'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await once<[string]>((cb) => runner.stdout.once('data', (d: Buffer) => cb(d.toString())), 20_000, 'runner pids');
    const orphans = Object.values(JSON.parse(line[0]) as Record<string, number>);
    expect(orphans).toHaveLength(2);
    runner.kill('SIGKILL');
    await once((cb) => runner.once('exit', cb), 5_000, 'runner exit');
    // Orphaned, still running.
    expect((await processesMentioning(runtimeDir)).sort()).toEqual([...orphans].sort());

    const t = await startTestEngine({ runtimeDir, instances: 1 });
    engines.push(t);
    const alive = await processesMentioning(runtimeDir);
    for (const pid of orphans) expect(alive).not.toContain(pid);
    expect(alive).toEqual([t.engine.instancePids()['janus-0']]);
    await rm(join(runtimeDir, 'janus-1'), { recursive: true, force: true });
  });
});

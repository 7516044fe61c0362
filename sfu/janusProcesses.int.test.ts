/**
 * Supervision of real Janus processes: a SIGKILLed instance is reported down, restarted and
 * reported up; its rooms are re-created and emit `reset`, and media flows again on fresh
 * connections; Janus processes orphaned by a SIGKILLed server are killed at the next start;
 * close() leaves no process behind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PublisherBot, SubscriberBot, autoAnswer, waitFor } from '../testkit/mediaBots.js';
import { processesMentioning, startTestEngine, type TestEngine } from '../testkit/janusEngine.js';
import type { SdpMediaRoom as MediaRoom } from './index.js';

const bots: Array<{ close(): void }> = [];
const engines: TestEngine[] = [];

afterAll(async () => {
  for (const b of bots) b.close();
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

/** Publishes a fresh bot as `peerId`, subscribes a fresh bot as `viewer`, waits for media. */
async function connectPair(room: MediaRoom, peerId: string, viewer: string): Promise<{ sub: SubscriberBot }> {
  const pub = new PublisherBot();
  bots.push(pub);
  const { sdp, tracks } = await pub.offer();
  const { answerSdp } = await room.publish(peerId, sdp, tracks);
  await pub.accept(answerSdp);
  await pub.waitConnected();
  await waitFor('streams published', () => room.streams().some((s) => s.peerId === peerId));
  const sub = new SubscriberBot();
  bots.push(sub);
  const stop = autoAnswer(room, viewer, sub);
  room.once('reset', stop);
  await room.setSubscriptions(viewer, [
    { peerId, label: 'microphone' },
    { peerId, label: 'camera' },
  ]);
  await sub.waitFlowing({ peerId, label: 'microphone' });
  await sub.waitFlowing({ peerId, label: 'camera' });
  return { sub };
}

describe('Janus instance supervision', () => {
  it('SIGKILL of an instance: down, restart, up; the room is re-created, emits reset, and media flows again', async () => {
    const t = await startTestEngine({ instances: 2 });
    engines.push(t);
    const { engine } = t;
    const room = await engine.createRoom('lesson');
    const victim = engine.instanceOf('lesson');
    expect(victim).toBe('janus-0');
    await connectPair(room, 'teacher', 'student');

    const down = once<[string, string]>((cb) => engine.once('instanceDown', cb), 5_000, 'instanceDown');
    const up = once<[string]>((cb) => engine.once('instanceUp', cb), 5_000, 'instanceUp');
    const reset = once<[string]>((cb) => room.once('reset', cb), 5_000, 'reset');
    const killedAt = Date.now();
    const pid = engine.instancePids()[victim ?? ''];
    expect(pid).toBeGreaterThan(0);
    process.kill(pid ?? 0, 'SIGKILL');

    expect((await down)[0]).toBe('janus-0');
    const [reason] = await reset;
    expect(reason).toContain('janus-0');
    const resetAfterMs = Date.now() - killedAt;
    expect(room.streams()).toEqual([]);
    // The other instance was up: the room moved there at once.
    expect(engine.instanceOf('lesson')).toBe('janus-1');
    expect((await up)[0]).toBe('janus-0');
    const upAfterMs = Date.now() - killedAt;
    expect(engine.instancePids()['janus-0']).not.toBe(pid);
    expect(engine.stats()).toMatchObject({ instancesConfigured: 2, instancesUp: 2, restarts: 1, rooms: 1 });

    // What clients do after MediaReset: publish again on fresh connections, subscribe again.
    await connectPair(room, 'teacher', 'student');
    const flowingAfterMs = Date.now() - killedAt;
    expect(flowingAfterMs).toBeLessThan(10_000);
    console.info(`instance killed: reset after ${resetAfterMs} ms, instance up after ${upAfterMs} ms, media again after ${flowingAfterMs} ms`);

    const metrics = await t.registry.metrics();
    expect(metrics).toMatch(/classroom_sfu_instance_restarts_total\{instance="janus-0"\} 1/);
    expect(metrics).toMatch(/classroom_sfu_instances_up 2/);
    expect(metrics).toMatch(/classroom_sfu_rooms 1/);
  });

  it('with a single instance, a call made while the room is re-created waits for it', async () => {
    const t = await startTestEngine({ instances: 1 });
    engines.push(t);
    const { engine } = t;
    const room = await engine.createRoom('solo');
    const reset = once<[string]>((cb) => room.once('reset', cb), 5_000, 'reset');
    process.kill(engine.instancePids()['janus-0'] ?? 0, 'SIGKILL');
    await waitFor('instance down', () => !engine.ready, 2_000);
    // Issued while no instance is up: waits for the restart and the re-creation.
    const pub = new PublisherBot();
    bots.push(pub);
    const { sdp, tracks } = await pub.offer();
    const started = Date.now();
    const { answerSdp } = await room.publish('teacher', sdp, tracks);
    await reset;
    expect(Date.now() - started).toBeLessThan(5_000);
    await pub.accept(answerSdp);
    await pub.waitConnected();
  });

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

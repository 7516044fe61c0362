import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ClosedError, deferred } from '../../platform/index.js';
import { RoomQueue } from './RoomQueue.js';

function queueWithLog(): { queue: RoomQueue; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { queue: new RoomQueue('room', log), lines };
}

describe('RoomQueue', () => {
  it('runs tasks one at a time in push order', async () => {
    const { queue } = queueWithLog();
    const order: string[] = [];
    const first = deferred<void>();
    const a = queue.push('a', async () => {
      await first.promise;
      order.push('a');
    });
    const b = queue.push('b', () => order.push('b'));
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('names the slow task and the one that waited behind it, not a quick task alone', async () => {
    const { queue, lines } = queueWithLog();
    await queue.push('quick', () => 1);
    const slow = queue.push('setSubscriptions', () => new Promise<void>((r) => setTimeout(r, 150)));
    const behind = queue.push('connectTransport', () => 2);
    await Promise.all([slow, behind]);
    const slowOps = lines.filter((l) => l['msg'] === 'sfu: slow room task').map((l) => l['op']);
    expect(slowOps).toEqual(['setSubscriptions', 'connectTransport']);
    const waited = lines.find((l) => l['op'] === 'connectTransport');
    expect(Number(waited?.['waitedMs'])).toBeGreaterThanOrEqual(100);
  });

  it('close() rejects what has not started', async () => {
    const { queue } = queueWithLog();
    const gate = deferred<void>();
    const running = queue.push('a', () => gate.promise);
    const waiting = queue.push('b', () => 'never');
    queue.close();
    await expect(waiting).rejects.toBeInstanceOf(ClosedError);
    gate.resolve();
    await running.catch(() => undefined);
  });
});

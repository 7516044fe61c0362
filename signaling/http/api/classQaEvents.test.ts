import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryClusterState, createInMemoryCluster, type Cluster } from '../../../cluster/index.js';
import { silentLogger } from '../../../platform/index.js';
import { QA_NOTIFIED_CHANNEL, QaEvents } from './classQaEvents.js';

const logger = silentLogger();

/** Everything a stream has written so far, as text, with a way to wait for more. */
function reader(s: Readable): { text: () => string; until: (part: string) => Promise<void> } {
  let text = '';
  const waiters: Array<() => void> = [];
  s.on('data', (c: Buffer) => {
    text += c.toString();
    waiters.splice(0).forEach((w) => w());
  });
  return {
    text: () => text,
    until: async (part) => {
      const end = Date.now() + 2000;
      while (!text.includes(part)) {
        if (Date.now() > end) throw new Error(`not seen: ${part}; got ${JSON.stringify(text)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

let opened: Array<{ events: QaEvents; cluster: Cluster }> = [];
async function node(state: InMemoryClusterState, options: Partial<ConstructorParameters<typeof QaEvents>[1]> = {}): Promise<QaEvents> {
  const cluster = createInMemoryCluster({ state });
  const events = new QaEvents(cluster.bus, { logger, ...options });
  await events.start();
  opened.push({ events, cluster });
  return events;
}

afterEach(async () => {
  for (const o of opened) {
    await o.events.close();
    await o.cluster.close();
  }
  opened = [];
});

describe('class Q&A pushes (QaEvents)', () => {
  it('a note stored on one node reaches the open streams of the people told, on every node, and nobody else', async () => {
    const state = new InMemoryClusterState();
    const a = await node(state);
    const b = await node(state);
    const student = reader(b.open('u_student'));
    const studentTab2 = reader(a.open('u_student'));
    const other = reader(b.open('u_other'));
    await student.until('retry: 3000');
    a.notified({ userIds: ['u_student', 'u_teacher'], questionId: 'qa_1', kind: 'answered' });
    const line = 'event: qa\ndata: {"questionId":"qa_1","kind":"answered"}\n\n';
    await student.until(line);
    await studentTab2.until(line);
    await new Promise((r) => setTimeout(r, 50));
    expect(other.text()).not.toContain('event: qa');
  });

  it('a closed stream is forgotten; a fifth tab of one person closes the oldest; a malformed bus message is dropped', async () => {
    const state = new InMemoryClusterState();
    const a = await node(state, { perUser: 4 });
    const streams = Array.from({ length: 5 }, () => a.open('u_x'));
    await new Promise((r) => setImmediate(r));
    expect(streams[0]!.writableEnded).toBe(true);
    streams[1]!.destroy();
    await new Promise((r) => setImmediate(r));
    expect(a.size).toBe(3);
    const last = reader(streams[4]!);
    const bus = createInMemoryCluster({ state });
    opened.push({ events: new QaEvents(bus.bus, { logger }), cluster: bus });
    await bus.bus.publish(QA_NOTIFIED_CHANNEL, new TextEncoder().encode('{"userIds":["u_x"],"questionId":"<script>","kind":"hacked"}'));
    await bus.bus.publish(QA_NOTIFIED_CHANNEL, new TextEncoder().encode('not json'));
    a.notified({ userIds: ['u_x'], questionId: 'qa_2', kind: 'asked' });
    await last.until('qa_2');
    expect(last.text()).not.toContain('script');
  });

  it('a stream ends by itself after maxStreamMs (the page reconnects and is checked again); close ends them all', async () => {
    const state = new InMemoryClusterState();
    const a = await node(state, { maxStreamMs: 30 });
    const s = a.open('u_y');
    s.resume();
    await new Promise((r) => s.once('end', r));
    const t = a.open('u_y');
    t.resume();
    await a.close();
    expect(t.writableEnded).toBe(true);
    expect(() => a.open('u_y')).toThrow();
  });
});

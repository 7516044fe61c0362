/**
 * Bench: what answering only after the attendance record is durable (issue 13.6) costs a
 * request. One teacher in a lesson of a real server (SQLite, fsync at every commit) alternates
 * two requests, each answered with an Ack:
 *   - setMediaState (mic on/off): one attendance event, the Ack waits for its commit;
 *   - qualityReport: no attendance event, the Ack goes at once (the baseline).
 * Prints one JSON line: p50/p99 of both and the difference (the price of the durable Ack).
 * Usage: npx tsx scripts/bench-ack.ts [--requests 300]
 */
import { parseArgs } from 'node:util';
import { startTestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const N = Number(values.requests);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0).toFixed(2));
}

async function main(): Promise<void> {
  const server = await startTestServer({ log: { level: 'error' }, signaling: { messagesPerSecond: 1000, messageBurst: 1000 } });
  try {
    const lessonId = server.demo?.lessonId ?? '';
    const client = await TestClient.connect(server.wsUrl);
    await client.join({ joinToken: server.links.mint({ lessonId, userId: 'bench-ack', name: 'Bench', role: 'teacher' }) });
    const durable: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < N; i++) {
      let t0 = performance.now();
      const a = await client.request({ setMediaState: { micOn: i % 2 === 0 } });
      durable.push(performance.now() - t0);
      t0 = performance.now();
      const b = await client.request({ qualityReport: { rttMs: 40, lossPermille: 1 } });
      plain.push(performance.now() - t0);
      if (a.body !== 'ack' || b.body !== 'ack') throw new Error(`unexpected answer: ${a.error?.message ?? b.error?.message}`);
    }
    client.close();
    const line = {
      requests: N,
      durableAckP50Ms: pct(durable, 50),
      durableAckP99Ms: pct(durable, 99),
      plainAckP50Ms: pct(plain, 50),
      plainAckP99Ms: pct(plain, 99),
      extraP50Ms: Number((pct(durable, 50) - pct(plain, 50)).toFixed(2)),
      extraP99Ms: Number((pct(durable, 99) - pct(plain, 99)).toFixed(2)),
      command: `npx tsx scripts/bench-ack.ts --requests ${N}`,
    };
    console.log(JSON.stringify(line));
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

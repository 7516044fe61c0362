/**
 * Child process of the fan-out bench: N student bots (RawSubscriber) in one process. Joins them
 * one at a time (werift's peer connection set-up is CPU-heavy and not safe to overlap much),
 * and reports every bot's counters on request.
 */
import { serveParent } from '../lib/child.js';
import { RawSubscriber, type SubscriberSnapshot } from '../lib/rawSubscriber.js';
import { mintJoinToken } from '../lib/token.js';
import { botsByPort, hopLatency } from './cascade.js';

interface Config {
  wsUrl: string;
  lessonId: string;
  linkSecret: string;
  sampleEvery: number;
  maxLifetimeS: number;
  /** Bots joining at the same time. */
  concurrency: number;
  /** Video frames whose arrival each bot keeps (--instances 2: the hop latency). 0 = none. */
  recordFrames?: number;
}

const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as Config;
const log = (s: string) => process.stderr.write(`[subscribers] ${s}\n`);
const bots: RawSubscriber[] = [];
let created = 0;

async function addOne(): Promise<void> {
  const i = created++;
  const token = mintJoinToken(config.linkSecret, { lessonId: config.lessonId, userId: `bench-student-${i}`, name: `Bot ${i}`, role: 'student' });
  const bot = new RawSubscriber({ wsUrl: config.wsUrl, lessonId: config.lessonId, token, sampleEvery: config.sampleEvery, recordFrames: config.recordFrames ?? 0 });
  try {
    await bot.start();
    await bot.answered(15_000);
    bots.push(bot);
  } catch (err) {
    await bot.close();
    throw err;
  }
}

async function scale(n: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const errors: string[] = [];
  let failed = 0;
  while (bots.length < n && Date.now() - t0 < timeoutMs && failed < 20) {
    const batch = Math.min(config.concurrency, n - bots.length);
    const results = await Promise.allSettled(Array.from({ length: batch }, () => addOne()));
    for (const r of results) {
      if (r.status === 'rejected') {
        failed++;
        if (errors.length < 5) errors.push((r.reason as Error).message);
      }
    }
  }
  // Bounded wait for ICE+DTLS of the last ones.
  const t1 = Date.now();
  while (Date.now() - t1 < 20_000 && bots.some((b) => b.state !== 'connected' && b.state !== 'failed' && b.state !== 'closed')) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const connected = bots.filter((b) => b.state === 'connected').length;
  log(`scaled to ${bots.length}/${n} in ${Date.now() - t0} ms, ${connected} connected, ${failed} failed${errors.length ? `: ${errors.join(' | ')}` : ''}`);
  return { total: bots.length, connected, failed, ms: Date.now() - t0, errors };
}

serveParent(
  async (msg) => {
    if (msg.cmd === 'scale') return scale(Number(msg.n), Number(msg.timeoutMs));
    if (msg.cmd === 'snapshot') {
      const subs: SubscriberSnapshot[] = bots.map((b) => b.snapshot());
      return { atMs: Date.now(), rssKb: Math.round(process.memoryUsage().rss / 1024), subs };
    }
    if (msg.cmd === 'hop') {
      // The first bot joined while the lesson fitted on its origin worker: its port is the origin's.
      const ports = bots.map((b) => b.snapshot().mediaPort);
      const origin = ports[0];
      const direct = bots.filter((_, i) => ports[i] === origin).map((b) => b.frameArrivals());
      const piped = bots.filter((_, i) => ports[i] !== origin).map((b) => b.frameArrivals());
      return { originPort: origin, byPort: botsByPort(ports), hop: hopLatency(direct, piped) };
    }
    throw new Error(`unknown command ${String(msg.cmd)}`);
  },
  config.maxLifetimeS,
  async () => {
    await Promise.allSettled(bots.map((b) => b.close()));
  },
);
process.send?.({ ready: true });

/**
 * bench:fanout's load: the publisher (the demo lesson's teacher) and the bots' process, each a
 * child process (bench/lib/child.ts) joined to the lesson's owner. Each child is put in
 * `children` as soon as it exists, so that the bench's cleanup kills it even if it never gets ready.
 */
import { join } from 'node:path';
import { startChild, type BenchChild } from '../lib/child.js';
import type { RunningServer } from '../lib/serverProcess.js';

const HERE = import.meta.dirname;

export interface PublisherOptions {
  /** The lesson's owner: its demo lesson and teacher link. */
  srv: RunningServer;
  cpus?: string;
  nice?: number;
  width: number;
  height: number;
  fps: number;
  maxBitrate: number;
  simulcast: boolean;
  kind: 'wrtc' | 'chromium';
  maxLifetimeS: number;
}

export async function startPublisher(o: PublisherOptions, children: BenchChild[]): Promise<BenchChild> {
  const { srv } = o;
  const pub = startChild('publisher', join(HERE, 'publisherProcess.ts'), [], {
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.nice ? { nice: o.nice } : {}),
    env: {
      BENCH_CHILD_CONFIG: JSON.stringify({
        wsUrl: srv.wsUrl,
        lessonId: srv.demo.lessonId,
        // the teacher of the demo lesson, as the server printed it
        token: srv.demo.teacher.token,
        width: o.width,
        height: o.height,
        fps: o.fps,
        maxBitrate: o.maxBitrate,
        simulcast: o.simulcast,
        kind: o.kind,
        pageUrl: `${srv.baseUrl}/healthz`,
        maxLifetimeS: o.maxLifetimeS,
      }),
    },
  });
  children.push(pub);
  await pub.waitFor((m) => 'ready' in m, 60_000);
  return pub;
}

export interface SubscribersOptions {
  srv: RunningServer;
  /** The deployment's link secret: the bots mint their own join tokens. */
  linkSecret: string;
  cpus?: string;
  /** Command prefix (the bots' network namespace). */
  prefix?: string[];
  sampleEvery: number;
  concurrency: number;
  /** Video frames whose arrival each bot keeps (the hop latency); 0 = none. */
  recordFrames: number;
  maxLifetimeS: number;
}

export async function startSubscribers(o: SubscribersOptions, children: BenchChild[]): Promise<BenchChild> {
  const subs = startChild('subscribers', join(HERE, 'subscribersProcess.ts'), [], {
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.prefix ? { prefix: o.prefix } : {}),
    env: {
      BENCH_CHILD_CONFIG: JSON.stringify({
        wsUrl: o.srv.wsUrl,
        lessonId: o.srv.demo.lessonId,
        linkSecret: o.linkSecret,
        sampleEvery: o.sampleEvery,
        concurrency: o.concurrency,
        recordFrames: o.recordFrames,
        maxLifetimeS: o.maxLifetimeS,
      }),
    },
  });
  children.push(subs);
  await subs.waitFor((m) => 'ready' in m, 30_000);
  return subs;
}

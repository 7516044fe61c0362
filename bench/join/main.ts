/**
 * Join bench: how long a student waits, from opening the lesson link to the first decoded frame
 * of the teacher's video, through the real client page in headless Chromium, while a teacher bot
 * publishes. Joins one student at a time (`--joins`, default 20), clicking the join button as
 * soon as it is enabled (from inside the page; `--click playwright` uses Playwright's click); prints {"joins","p50Ms","p95Ms"} and where the time went (median of each
 * step). See docs/bench.md.
 *
 *   npm run build && npm run bench:join
 */
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild, type BenchChild } from '../lib/child.js';
import { CHROMIUM_FLAGS, NAME_SHIM } from '../lib/chromiumPublisher.js';
import { commandLine, defaultMediaInterface, engineArg, log as makeLog, positive, sleep } from '../lib/cli.js';
import { REPO_ROOT, startServer, type RunningServer } from '../lib/serverProcess.js';
import { joinUrl, mintJoinToken, randomSecret } from '../lib/token.js';
import { installMarks, waitFirstFrame } from './instrument.js';
import { breakdown, markMedians, percentileMs, type JoinTiming } from './timing.js';

const log = makeLog('join');

const { values: v } = parseArgs({
  options: {
    joins: { type: 'string', default: '20' },
    engine: { type: 'string' },
    'join-timeout': { type: 'string', default: '30' },
    pause: { type: 'string', default: '1' },
    simulcast: { type: 'boolean', default: false },
    publisher: { type: 'string', default: 'wrtc' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '720' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    poll: { type: 'string', default: '10' },
    click: { type: 'string', default: 'page' },
    ice: { type: 'string' },
    entry: { type: 'string' },
    'client-dir': { type: 'string' },
    'max-seconds': { type: 'string', default: '900' },
    'keep-temp': { type: 'boolean', default: false },
  },
});

const joins = Math.floor(positive(v.joins, 'joins', 20));
/** The server's engine: mediasoup, the only one (`--engine` refuses anything else). */
const engine = engineArg(v.engine as string | undefined);
const joinTimeoutMs = positive(v['join-timeout'], 'join-timeout', 30) * 1000;
const maxSeconds = positive(v['max-seconds'], 'max-seconds', 900);
const cmd = commandLine('bench/join/main.ts');


let server: RunningServer | undefined;
let publisher: BenchChild | undefined;
let browser: Browser | undefined;
let failed = false;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await publisher?.kill();
    await server?.stop(failed || (v['keep-temp'] as boolean));
  })());
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
setTimeout(() => {
  log(`--max-seconds ${maxSeconds} reached: stopping`);
  failed = true;
  void cleanup().finally(() => process.exit(4));
}, maxSeconds * 1000).unref();

async function oneJoin(b: Browser, srv: RunningServer, secret: string, i: number): Promise<JoinTiming> {
  const context = await b.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const autoClick = v.click !== 'playwright';
    await page.addInitScript({ content: `${NAME_SHIM}(${installMarks.toString()})(${JSON.stringify(autoClick)});` });
    const token = mintJoinToken(secret, { lessonId: srv.demo.lessonId, userId: `bench-join-${process.pid}-${i}`, name: `Học sinh ${i}`, role: 'student' });
    const opened = Date.now();
    await page.goto(joinUrl(srv.baseUrl, srv.demo.lessonId, token), { waitUntil: 'commit', timeout: joinTimeoutMs });
    if (!autoClick) await page.locator('[data-testid="join-button"]').click({ timeout: joinTimeoutMs });
    const r = await page.evaluate(`${NAME_SHIM}(${waitFirstFrame.toString()})(${JSON.stringify({ timeoutMs: joinTimeoutMs, pollMs: Number(v.poll) })})`) as Awaited<ReturnType<typeof waitFirstFrame>>;
    // link opened (the bench's goto) -> navigation start of the page, both on this machine's clock
    const navStartMs = r.timeOrigin - opened;
    const timing: JoinTiming = { index: i, totalMs: r.marks.firstFrameDecoded !== undefined ? navStartMs + r.marks.firstFrameDecoded : null, navStartMs, marks: r.marks, nav: r.nav, video: r.video, ...(r.error ? { error: r.error } : {}) };
    // Leave like a student would (so that the server does not keep the session for the grace period).
    await page.locator('[data-testid="leave-button"]').click({ timeout: 2_000 }).catch(() => {});
    await sleep(200);
    return timing;
  } finally {
    await context.close().catch(() => {});
  }
}

async function main(): Promise<void> {
  log(cmd);
  const clientDir = (v['client-dir'] as string | undefined) ?? join(REPO_ROOT, 'dist', 'client');
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error(`${clientDir}/index.html not found: run \`npm run build\` (or build:client) first`);
  const secret = randomSecret();
  server = await startServer({ linkSecret: secret, clientDir, mediaInterface: (v.ice as string | undefined) ?? defaultMediaInterface(), ...(v.entry ? { entry: v.entry } : {}), log });
  const srv = server;
  publisher = startChild('publisher', join(import.meta.dirname, '..', 'fanout', 'publisherProcess.ts'), [], {
    env: {
      BENCH_CHILD_CONFIG: JSON.stringify({
        wsUrl: srv.wsUrl,
        lessonId: srv.demo.lessonId,
        token: srv.demo.teacher.token,
        width: positive(v.width, 'width', 1280),
        height: positive(v.height, 'height', 720),
        simulcast: v.simulcast,
        kind: v.publisher === 'chromium' ? 'chromium' : 'wrtc',
        pageUrl: `${srv.baseUrl}/healthz`,
        maxLifetimeS: maxSeconds + 60,
      }),
    },
  });
  await publisher.waitFor((m) => 'ready' in m, 60_000);
  browser = await chromium.launch({ executablePath: v.chromium as string, headless: true, args: CHROMIUM_FLAGS, timeout: 30_000 });
  log(`chromium ${browser.version()}; engine ${engine}; teacher publishing; ${joins} joins`);
  await sleep(3000); // the publisher's encoder and congestion control settle
  const results: JoinTiming[] = [];
  for (let i = 1; i <= joins; i++) {
    let t: JoinTiming;
    try {
      t = await oneJoin(browser, srv, secret, i);
    } catch (err) {
      t = { index: i, totalMs: null, navStartMs: 0, marks: {}, nav: {}, video: '', error: (err as Error).message.split('\n')[0] ?? 'error' };
    }
    results.push(t);
    log(`join ${i}: ${t.totalMs !== null ? `${Math.round(t.totalMs)} ms (${t.video})` : `FAILED ${t.error ?? ''}`}`);
    await sleep(positive(v.pause, 'pause', 1) * 1000);
  }
  const ok = results.filter((r) => r.totalMs !== null).map((r) => r.totalMs as number);
  const line = {
    engine,
    joins,
    p50Ms: percentileMs(ok, 50),
    p95Ms: percentileMs(ok, 95),
    ok: ok.length,
    failed: results.length - ok.length,
    minMs: ok.length ? Math.round(Math.min(...ok)) : null,
    maxMs: ok.length ? Math.round(Math.max(...ok)) : null,
    breakdown: breakdown(results),
    marksP50: markMedians(results),
    errors: results.filter((r) => r.error).map((r) => `#${r.index}: ${r.error}`).slice(0, 5),
    cmd,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

main()
  .catch((err: unknown) => {
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    failed = true;
    process.exitCode = 1;
  })
  .finally(() => cleanup().finally(() => process.exit()));

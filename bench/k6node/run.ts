/**
 * Runs a k6 scenario of bench/k6 on Node (see runner.ts), against a server it starts (the
 * built one, with a fresh link secret handed to the scenario as LINK_SECRET) or against
 * `--url`. Prints the summary as one JSON line; exits 99 when a threshold failed (as k6 does).
 *
 *   npm run bench:signaling -- [--vus 20] [--iterations 40 | --duration 30s] [-e CHATS=5]
 *   npm run bench:http -- [--url http://127.0.0.1:8080]
 */
import { parseArgs } from 'node:util';
import { commandLine, defaultMediaInterface, log as makeLog, positive } from '../lib/cli.js';
import { boxLoad, cpuSnapshot, groupCpuPct, round1, treePids } from '../lib/cpuWindow.js';
import { startServer, type RunningServer } from '../lib/serverProcess.js';
import { randomSecret } from '../lib/token.js';
import { parseDuration } from './metrics.js';
import { runScenario } from './runner.js';

const log = makeLog('k6-node');
const { values: v, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    vus: { type: 'string' },
    iterations: { type: 'string' },
    duration: { type: 'string' },
    url: { type: 'string' },
    secret: { type: 'string' },
    env: { type: 'string', short: 'e', multiple: true },
    'max-duration': { type: 'string', default: '10m' },
    'iteration-timeout': { type: 'string', default: '120s' },
    entry: { type: 'string' },
  },
});

const scenario = positionals[0];
if (!scenario) {
  process.stderr.write('usage: tsx bench/k6node/run.ts <scenario.ts> [--vus N] [--iterations N | --duration 30s] [--url URL --secret S] [-e KEY=VALUE]...\n');
  process.exit(2);
}

async function main(): Promise<number> {
  const env: Record<string, string> = {};
  for (const kv of v.env ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`-e expects KEY=VALUE, got ${kv}`);
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  let server: RunningServer | undefined;
  const cleanup = async () => server?.stop();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
  try {
    if (v.url) {
      env.BASE_URL ??= v.url;
      if (v.secret) env.LINK_SECRET ??= v.secret;
    } else {
      const secret = randomSecret();
      server = await startServer({ linkSecret: secret, mediaInterface: defaultMediaInterface(), ...(v.entry ? { entry: v.entry } : {}), log });
      env.BASE_URL ??= server.baseUrl;
      env.LINK_SECRET ??= secret;
      env.LESSON ??= server.demo.lessonId;
    }
    const before = cpuSnapshot();
    const summary = await runScenario({
      scenario: scenario as string,
      env,
      ...(v.vus ? { vus: Math.floor(positive(v.vus, 'vus', 1)) } : {}),
      ...(v.iterations ? { iterations: Math.floor(positive(v.iterations, 'iterations', 1)) } : {}),
      ...(v.duration ? { duration: v.duration } : {}),
      maxDurationMs: parseDuration(v['max-duration'] as string),
      iterationTimeoutMs: parseDuration(v['iteration-timeout'] as string),
      log,
    });
    // Who was busy: the server (and its media worker), this runner (all VU threads), everything else.
    const after = cpuSnapshot();
    const serverPids = server ? treePids(server.pid, after) : [];
    const serverCpuPct = groupCpuPct(before, after, serverPids);
    const runnerCpuPct = groupCpuPct(before, after, [process.pid]);
    const box = boxLoad(before, after, new Set([...serverPids, process.pid]), serverCpuPct + runnerCpuPct);
    const cpu = { serverCpuPct: round1(serverCpuPct), runnerCpuPct: round1(runnerCpuPct), notOursPct: box.notOursPct, cores: box.cores, others: box.topOthers };
    process.stdout.write(JSON.stringify({ ...summary, cpu, target: server ? 'started by the runner' : env.BASE_URL, cmd: commandLine('bench/k6node/run.ts') }) + '\n');
    for (const t of summary.thresholds) log(`threshold ${t.metric} ${t.expression}: ${t.ok ? 'ok' : 'FAILED'} (${t.value})`);
    return summary.thresholdsOk ? 0 : 99;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  },
);

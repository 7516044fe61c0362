/**
 * The Node runner for the k6 scenarios of bench/k6: bundles a scenario with Node stand-ins of
 * the k6 modules it imports (shim/), runs each VU in its own worker thread (so that k6's
 * blocking sleep() and http.get() block only that VU, as in k6), and merges what the VUs
 * recorded into a k6-like summary. A small, honest subset of k6 (docs/bench.md lists it).
 */
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { MetricStore, evaluateThresholds, parseDuration, summarize, type MetricSummary, type ThresholdResult } from './metrics.js';
import { performRequest, type HttpRequest } from './shim/httpCore.js';
import type { WorkerInit, WorkerReport } from './workerTypes.js';

const SHIM = join(import.meta.dirname, 'shim');
const K6_MODULES: Record<string, string> = {
  k6: 'k6.ts',
  'k6/http': 'http.ts',
  'k6/metrics': 'metricsModule.ts',
  'k6/timers': 'timers.ts',
  'k6/websockets': 'websockets.ts',
  'k6/experimental/websockets': 'websockets.ts',
  'k6/crypto': 'crypto.ts',
  'k6/encoding': 'encoding.ts',
  'k6/execution': 'execution.ts',
};

export interface RunOptions {
  /** The scenario file (TypeScript or JavaScript, k6 style). */
  scenario: string;
  /** Overrides of the scenario's `options`. */
  vus?: number;
  iterations?: number;
  duration?: string;
  /** __ENV of the VUs. */
  env?: Record<string, string>;
  /** Hard bound on the run: VUs start no new iteration after it, and are stopped 30 s later. Default 10 min. */
  maxDurationMs?: number;
  /** An iteration still running after this is cut (its sockets closed, timers cleared). Default 120 s. */
  iterationTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunSummary {
  scenario: string;
  runner: string;
  vus: number;
  iterations: number;
  durationS: number;
  checks: { passed: number; failed: number; byName: Record<string, { passes: number; fails: number }> };
  metrics: Record<string, MetricSummary>;
  thresholds: ThresholdResult[];
  thresholdsOk: boolean;
  errors: { count: number; iterationTimeouts: number; first: string[] };
}

const scenarioPlugin = (scenarioFile: string): Plugin => ({
  name: 'k6-on-node',
  setup(b) {
    b.onResolve({ filter: /^bench-k6-scenario$/ }, () => ({ path: resolve(scenarioFile) }));
    b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
      const file = K6_MODULES[args.path];
      if (!file) return { errors: [{ text: `${args.path} is not supported by the Node runner of the k6 scenarios (see docs/bench.md)` }] };
      return { path: join(SHIM, file) };
    });
  },
});

/** Bundles the worker entry with the scenario into one self-contained ESM file. */
export async function bundleScenario(scenarioFile: string, outDir: string): Promise<string> {
  const outfile = join(outDir, `${basename(scenarioFile).replace(/\.[jt]s$/, '')}.node.mjs`);
  await build({
    entryPoints: [join(SHIM, 'vuWorker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ws's optional native helpers: absent here, ws falls back to JS
    external: ['bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    plugins: [scenarioPlugin(scenarioFile)],
    logLevel: 'silent',
  });
  return outfile;
}

interface RunningWorker {
  done: Promise<WorkerReport>;
  worker: Worker;
}

function startWorker(bundle: string, init: Omit<WorkerInit, 'bridge'>): RunningWorker {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  // The VU blocks on `flag` while the main thread does its synchronous call.
  port2.on('message', (msg: { type: string; req: HttpRequest }) => {
    void (async () => {
      const res = msg.type === 'http' ? await performRequest(msg.req) : { error: `unknown call ${msg.type}` };
      port2.postMessage(res);
      Atomics.store(flagView, 0, 1);
      Atomics.notify(flagView, 0);
    })();
  });
  const worker = new Worker(bundle, { workerData: { ...init, bridge: { port: port1, flag } }, transferList: [port1] });
  const done = new Promise<WorkerReport>((resolvePromise, reject) => {
    let report: WorkerReport | undefined;
    worker.on('message', (m: WorkerReport) => {
      if (m.type === 'done') report = m;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      port2.close();
      if (report) resolvePromise(report);
      else reject(new Error(`worker (${init.role} ${init.vu}) exited with code ${code} without a report`));
    });
  });
  return { done, worker };
}

export async function runScenario(o: RunOptions): Promise<RunSummary> {
  const log = o.log ?? (() => {});
  const outDir = mkdtempSync(join(tmpdir(), 'k6-node-'));
  try {
    const bundle = await bundleScenario(o.scenario, outDir);
    const stop = new SharedArrayBuffer(4);
    const counter = new SharedArrayBuffer(4);
    const base = { env: o.env ?? {}, stop, counter, iterationTimeoutMs: o.iterationTimeoutMs ?? 120_000 };
    const probe = await startWorker(bundle, { ...base, role: 'options', vu: 0 }).done;
    const options = (probe.options ?? {}) as { vus?: number; iterations?: number; duration?: string; scenarios?: unknown; thresholds?: Record<string, unknown> };
    if (options.scenarios) throw new Error('options.scenarios (executors) are not supported by the Node runner: use vus with iterations or duration');
    const vus = o.vus ?? options.vus ?? 1;
    const duration = o.duration ?? (o.iterations === undefined ? options.duration : undefined);
    const iterations = duration === undefined ? (o.iterations ?? options.iterations ?? vus) : undefined;
    const maxMs = o.maxDurationMs ?? 10 * 60_000;
    const store = new MetricStore();
    const errors: string[] = [];
    let errorCount = 0;
    let iterationTimeouts = 0;
    const absorb = (r: WorkerReport) => {
      store.merge(r.metrics);
      errorCount += r.errorCount;
      iterationTimeouts += r.iterationTimeouts;
      for (const e of r.errors) if (errors.length < 10) errors.push(e);
    };

    let setupData: unknown;
    if (probe.hasSetup) {
      const r = await startWorker(bundle, { ...base, role: 'setup', vu: 0 }).done;
      absorb(r);
      setupData = r.setupData;
    }
    log(`${vus} VU(s), ${iterations !== undefined ? `${iterations} iterations shared` : `for ${duration}`}`);
    const t0 = performance.now();
    const deadline = duration !== undefined ? Date.now() + Math.min(parseDuration(duration), maxMs) : Date.now() + maxMs;
    const workers = Array.from({ length: vus }, (_, i) =>
      startWorker(bundle, { ...base, role: 'vu', vu: i + 1, setupData, ...(iterations !== undefined ? { iterations } : {}), deadline }),
    );
    // Hard bound: no new iteration after max duration, and terminate 30 s later whatever runs.
    const stopTimer = setTimeout(() => Atomics.store(new Int32Array(stop), 0, 1), maxMs);
    const killTimer = setTimeout(() => {
      log(`max duration reached: terminating ${workers.length} VU thread(s)`);
      for (const w of workers) void w.worker.terminate();
    }, maxMs + 30_000);
    const results = await Promise.allSettled(workers.map((w) => w.done));
    clearTimeout(stopTimer);
    clearTimeout(killTimer);
    const seconds = (performance.now() - t0) / 1000;
    for (const r of results) {
      if (r.status === 'fulfilled') absorb(r.value);
      else {
        errorCount++;
        if (errors.length < 10) errors.push(String((r.reason as Error)?.message ?? r.reason));
      }
    }
    if (probe.hasTeardown) absorb(await startWorker(bundle, { ...base, role: 'teardown', vu: 0, setupData }).done);

    const metrics: Record<string, MetricSummary> = {};
    for (const [name, m] of [...store.metrics].sort(([a], [b]) => a.localeCompare(b))) metrics[name] = summarize(m, seconds);
    const thresholds = evaluateThresholds(options.thresholds, store.metrics, seconds);
    let passed = 0;
    let failed = 0;
    for (const c of store.checks.values()) {
      passed += c.passes;
      failed += c.fails;
    }
    return {
      scenario: basename(o.scenario),
      runner: 'node (bench/k6node: a subset of k6, see docs/bench.md)',
      vus,
      iterations: store.metrics.get('iterations')?.sum ?? 0,
      durationS: Math.round(seconds * 100) / 100,
      checks: { passed, failed, byName: Object.fromEntries(store.checks) },
      metrics,
      thresholds,
      thresholdsOk: thresholds.every((t) => t.ok),
      errors: { count: errorCount, iterationTimeouts, first: errors },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench:fanout -- --compare-srtp --subscribers 300`: the same fan-out workload on the
 * system libsrtp2 (NSS on Debian) and on the project's OpenSSL build, interleaved (system,
 * openssl, system, openssl, ...) in ONE invocation, so that the ratio is measured on one box in
 * one sitting and this box's run-to-run drift (larger than the effect, issue 14) falls on both
 * sides alike. Each run is a fresh `bench:fanout` child (own server, publisher and bots) with
 * `--srtp system|openssl` and the steps of a short ramp; it prints one JSON line per run and a
 * final line with the medians:
 *   {"compare":"srtp","pktsPerCpuSecSystem","pktsPerCpuSecOpenssl","ratio","maxNSystem","maxNOpenssl",...}
 * pktsPerCpuSec is read at N = --subscribers; maxN is the largest N of the ramp with every bot
 * connected and loss < 1%. docs/bench.md "SRTP library, measured as a ratio".
 */
import { spawn } from 'node:child_process';

export type SrtpVariant = 'system' | 'openssl';

/** The fields of a `bench:fanout` step row (one JSON line) that the comparison reads. */
export interface StepRow {
  engine: string;
  subscribers: number;
  connected: number;
  lossPct: number;
  deliveredPps: number;
  sfuCpuPct: number;
  pktsPerCpuSec: number | null;
  /** SRTP library the server reported in /metrics for its engine. */
  srtpLibrary?: string;
  notOursPct?: number;
}

export interface RunSummary {
  compare: 'srtp';
  run: number;
  srtp: SrtpVariant;
  engine: string;
  subscribers: number;
  pktsPerCpuSec: number | null;
  lossPct: number | null;
  sfuCpuPct: number | null;
  deliveredPps: number | null;
  notOursPct: number | null;
  maxN: number | null;
  steps: { n: number; connected: number; lossPct: number; pktsPerCpuSec: number | null }[];
}

export interface CompareLine {
  compare: 'srtp';
  pktsPerCpuSecSystem: number | null;
  pktsPerCpuSecOpenssl: number | null;
  ratio: number | null;
  maxNSystem: number | null;
  maxNOpenssl: number | null;
  engine: string;
  subscribers: number;
  runs: number;
}

/** a, b, a, b, ... (`rounds` pairs), `a` first as the baseline: interleaved, so drift hits both sides. */
export function interleaved<T>(rounds: number, a: T, b: T): T[] {
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  return Array.from({ length: rounds * 2 }, (_, i) => (i % 2 === 0 ? a : b));
}

/** system, openssl, system, openssl, ... (`rounds` pairs), system first as the baseline. */
export function runOrder(rounds: number): SrtpVariant[] {
  return interleaved<SrtpVariant>(rounds, 'system', 'openssl');
}

/** The largest step with every bot connected and loss under 1 %, or null when none was. */
export function largestCleanN(rows: readonly { subscribers: number; connected: number; lossPct: number }[]): number | null {
  const ok = rows.filter((r) => r.lossPct < 1 && r.connected >= r.subscribers).map((r) => r.subscribers);
  return ok.length > 0 ? Math.max(...ok) : null;
}

/** The steps of one run: the ramp and the measured N, ascending, each once. */
export function runSteps(subscribers: number, ramp: readonly number[]): number[] {
  return [...new Set([...ramp, subscribers])].sort((a, b) => a - b);
}

/** Median of the numbers (the mean of the middle two for an even count); null when there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const xs = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
}

/**
 * One run's line from its step rows. Throws when the server ran on another SRTP library than the
 * run asked for (an OpenSSL run on the system library would make the ratio meaningless).
 */
export function summarizeRun(run: number, srtp: SrtpVariant, subscribers: number, rows: readonly StepRow[]): RunSummary {
  for (const r of rows) {
    if (r.srtpLibrary !== srtp) {
      throw new Error(
        `run ${run} asked for SRTP "${srtp}" but the server's ${r.engine} engine reported "${r.srtpLibrary ?? 'nothing'}" in /metrics` +
          (srtp === 'openssl' ? ' (`npm run media:build` builds the OpenSSL libsrtp2; its output says why it could not)' : ''),
      );
    }
  }
  const at = rows.find((r) => r.subscribers === subscribers);
  return {
    compare: 'srtp',
    run,
    srtp,
    engine: rows[0]?.engine ?? 'unknown',
    subscribers,
    pktsPerCpuSec: at?.pktsPerCpuSec ?? null,
    lossPct: at?.lossPct ?? null,
    sfuCpuPct: at?.sfuCpuPct ?? null,
    deliveredPps: at?.deliveredPps ?? null,
    notOursPct: at?.notOursPct ?? null,
    maxN: largestCleanN(rows),
    steps: rows.map((r) => ({ n: r.subscribers, connected: r.connected, lossPct: r.lossPct, pktsPerCpuSec: r.pktsPerCpuSec })),
  };
}

/** The final line: medians per library and their ratio (OpenSSL / system). */
export function compareLine(runs: readonly RunSummary[]): CompareLine {
  const of = (srtp: SrtpVariant) => runs.filter((r) => r.srtp === srtp);
  const pktsSystem = median(of('system').map((r) => r.pktsPerCpuSec));
  const pktsOpenssl = median(of('openssl').map((r) => r.pktsPerCpuSec));
  return {
    compare: 'srtp',
    pktsPerCpuSecSystem: pktsSystem === null ? null : Math.round(pktsSystem),
    pktsPerCpuSecOpenssl: pktsOpenssl === null ? null : Math.round(pktsOpenssl),
    ratio: pktsSystem && pktsOpenssl !== null ? Math.round((pktsOpenssl / pktsSystem) * 1000) / 1000 : null,
    maxNSystem: median(of('system').map((r) => r.maxN)),
    maxNOpenssl: median(of('openssl').map((r) => r.maxN)),
    engine: runs[0]?.engine ?? 'unknown',
    subscribers: runs[0]?.subscribers ?? 0,
    runs: runs.length,
  };
}

/** Options of the comparison itself, which each run gets in its own form (or not at all). */
const OWN_FLAGS = new Set(['--compare-srtp']);
const OWN_WITH_VALUE = new Set(['--subscribers', '--ramp', '--rounds', '--srtp']);

/**
 * This invocation's arguments without the comparison's own: what every run gets unchanged.
 * `own` names another comparison's flags (compareSettings.ts).
 */
export function passThrough(argv: readonly string[], own: { flags: ReadonlySet<string>; withValue: ReadonlySet<string> } = { flags: OWN_FLAGS, withValue: OWN_WITH_VALUE }): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const name = a.split('=')[0] as string;
    if (own.flags.has(name)) continue;
    if (own.withValue.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * The SRTP library the server's engine reported in /metrics
 * (`classroom_sfu_srtp_library_info{engine,library} 1`), or undefined.
 */
export function reportedSrtpLibrary(metricsText: string, engine: string): string | undefined {
  for (const m of metricsText.matchAll(/^classroom_sfu_srtp_library_info\{([^}]*)\}\s+1\s*$/gm)) {
    const labels = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (labels.engine === engine) return labels.library;
  }
  return undefined;
}

/** The JSON step rows in a child's stdout (its other lines are ignored). */
export function stepRows(stdout: string): StepRow[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as StepRow)
    .filter((r) => typeof r.subscribers === 'number');
}

export interface CompareOptions {
  /** The fan-out bench's own entry (bench/fanout/main.ts), started with this process's Node flags. */
  script: string;
  subscribers: number;
  ramp: readonly number[];
  rounds: number;
  /** Every other option of this invocation, passed on to each run unchanged. */
  passArgs: readonly string[];
  log: (line: string) => void;
  /** Called with each run's line as soon as the run ends. */
  onRun: (run: RunSummary) => void;
}

/** Runs one bench:fanout child; resolves with its stdout (its JSON lines). */
export function runChild(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const forward = () => child.kill('SIGTERM');
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code === 0) resolve(out);
      else reject(new Error(`bench:fanout run ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}

/** Runs the interleaved comparison; resolves with the final line. */
export async function compareSrtp(o: CompareOptions): Promise<CompareLine> {
  const steps = runSteps(o.subscribers, o.ramp);
  const order = runOrder(o.rounds);
  const runs: RunSummary[] = [];
  for (const [i, srtp] of order.entries()) {
    o.log(`compare-srtp: run ${i + 1}/${order.length}, SRTP ${srtp}, steps ${steps.join(',')}`);
    const out = await runChild(o.script, ['--srtp', srtp, '--subscribers', steps.join(','), ...o.passArgs]);
    const run = summarizeRun(i + 1, srtp, o.subscribers, stepRows(out));
    runs.push(run);
    o.onRun(run);
  }
  return compareLine(runs);
}

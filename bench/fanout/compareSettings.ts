/**
 * `npm run bench:fanout -- --compare-settings --subscribers 300`: the same fan-out workload on
 * the engine settings from before issue 14 (baseline: the system libsrtp2, i.e. NSS on Debian,
 * and the kernel's default socket buffers) and on today's (tuned: the OpenSSL libsrtp2 and the
 * defaults this issue set, docs/sfu.md "Hot path"), interleaved (baseline, tuned, baseline,
 * tuned, ...) in ONE invocation, each run a fresh `bench:fanout` child. One JSON line per run
 * and a final line with the medians:
 *   {"compare":"settings","pktsPerCpuSecBaseline","pktsPerCpuSecTuned","ratio","maxNBaseline","maxNTuned",...}
 * Pass `--profile` to have each run's receivers' delivery share (and the figure without it),
 * `--bots-netns` to run the bots in their own namespace (botsNetns.ts); both sides get the same.
 */
import { interleaved, largestCleanN, median, passThrough, runChild, runSteps, stepRows, type StepRow } from './compareSrtp.js';

export type SettingsVariant = 'baseline' | 'tuned';

/** The SRTP library each side must report in /metrics: a tuned run on NSS would measure nothing. */
const SRTP_OF: Record<SettingsVariant, string> = { baseline: 'system', tuned: 'openssl' };

/** A step row with the issue 14 fields (measure.ts) that this comparison reads. */
export interface SettingsStepRow extends StepRow {
  settings?: string | null;
  deliveryCpuPct?: number | null;
  pktsPerCpuSecWithoutDelivery?: number | null;
  botsNetns?: boolean;
}

export interface SettingsRun {
  compare: 'settings';
  run: number;
  settings: SettingsVariant;
  srtp: string;
  subscribers: number;
  pktsPerCpuSec: number | null;
  pktsPerCpuSecWithoutDelivery: number | null;
  deliveryCpuPct: number | null;
  lossPct: number | null;
  sfuCpuPct: number | null;
  deliveredPps: number | null;
  notOursPct: number | null;
  maxN: number | null;
  botsNetns: boolean;
  steps: { n: number; connected: number; lossPct: number; pktsPerCpuSec: number | null }[];
}

export interface SettingsLine {
  compare: 'settings';
  pktsPerCpuSecBaseline: number | null;
  pktsPerCpuSecTuned: number | null;
  ratio: number | null;
  maxNBaseline: number | null;
  maxNTuned: number | null;
  /** The same with the receivers' delivery taken out of the SFU's CPU (--profile), else null. */
  pktsPerCpuSecWithoutDeliveryBaseline: number | null;
  pktsPerCpuSecWithoutDeliveryTuned: number | null;
  ratioWithoutDelivery: number | null;
  deliveryCpuPctBaseline: number | null;
  deliveryCpuPctTuned: number | null;
  botsNetns: boolean;
  engine: string;
  subscribers: number;
  runs: number;
}

/** baseline, tuned, baseline, tuned, ... (`rounds` pairs). */
export function settingsOrder(rounds: number): SettingsVariant[] {
  return interleaved<SettingsVariant>(rounds, 'baseline', 'tuned');
}

/** The arguments that make one run's side: its SRTP library and its engine settings. */
export function settingsArgs(variant: SettingsVariant): string[] {
  return ['--srtp', SRTP_OF[variant], '--settings', variant];
}

/** One run's line from its rows; throws when the server ran another SRTP library or settings than asked. */
export function summarizeSettingsRun(run: number, variant: SettingsVariant, subscribers: number, rows: readonly SettingsStepRow[]): SettingsRun {
  for (const r of rows) {
    if (r.srtpLibrary !== SRTP_OF[variant] || r.settings !== variant) {
      throw new Error(`run ${run} (${variant}) asked for SRTP "${SRTP_OF[variant]}" and settings "${variant}" but its row says "${r.srtpLibrary ?? 'nothing'}" and "${r.settings ?? 'nothing'}"`);
    }
  }
  const at = rows.find((r) => r.subscribers === subscribers);
  return {
    compare: 'settings',
    run,
    settings: variant,
    srtp: SRTP_OF[variant],
    subscribers,
    pktsPerCpuSec: at?.pktsPerCpuSec ?? null,
    pktsPerCpuSecWithoutDelivery: at?.pktsPerCpuSecWithoutDelivery ?? null,
    deliveryCpuPct: at?.deliveryCpuPct ?? null,
    lossPct: at?.lossPct ?? null,
    sfuCpuPct: at?.sfuCpuPct ?? null,
    deliveredPps: at?.deliveredPps ?? null,
    notOursPct: at?.notOursPct ?? null,
    maxN: largestCleanN(rows),
    botsNetns: rows[0]?.botsNetns ?? false,
    steps: rows.map((r) => ({ n: r.subscribers, connected: r.connected, lossPct: r.lossPct, pktsPerCpuSec: r.pktsPerCpuSec })),
  };
}

const rounded = (x: number | null) => (x === null ? null : Math.round(x));
const ratioOf = (base: number | null, tuned: number | null) => (base && tuned !== null ? Math.round((tuned / base) * 1000) / 1000 : null);

/** The final line: medians per side and the ratio tuned / baseline. */
export function settingsLine(runs: readonly SettingsRun[], engine: string): SettingsLine {
  const of = (v: SettingsVariant) => runs.filter((r) => r.settings === v);
  const m = (v: SettingsVariant, pick: (r: SettingsRun) => number | null) => median(of(v).map(pick));
  const base = rounded(m('baseline', (r) => r.pktsPerCpuSec));
  const tuned = rounded(m('tuned', (r) => r.pktsPerCpuSec));
  const baseNoDel = rounded(m('baseline', (r) => r.pktsPerCpuSecWithoutDelivery));
  const tunedNoDel = rounded(m('tuned', (r) => r.pktsPerCpuSecWithoutDelivery));
  return {
    compare: 'settings',
    pktsPerCpuSecBaseline: base,
    pktsPerCpuSecTuned: tuned,
    ratio: ratioOf(base, tuned),
    maxNBaseline: m('baseline', (r) => r.maxN),
    maxNTuned: m('tuned', (r) => r.maxN),
    pktsPerCpuSecWithoutDeliveryBaseline: baseNoDel,
    pktsPerCpuSecWithoutDeliveryTuned: tunedNoDel,
    ratioWithoutDelivery: ratioOf(baseNoDel, tunedNoDel),
    deliveryCpuPctBaseline: m('baseline', (r) => r.deliveryCpuPct),
    deliveryCpuPctTuned: m('tuned', (r) => r.deliveryCpuPct),
    botsNetns: runs.some((r) => r.botsNetns),
    engine,
    subscribers: runs[0]?.subscribers ?? 0,
    runs: runs.length,
  };
}

/** The comparison's own flags: each run gets its own form of them, or none. */
export const SETTINGS_OWN = { flags: new Set(['--compare-settings']), withValue: new Set(['--subscribers', '--ramp', '--rounds', '--srtp', '--settings']) };

export interface CompareSettingsOptions {
  script: string;
  engine: string;
  subscribers: number;
  ramp: readonly number[];
  rounds: number;
  /** This invocation's argv (the comparison's own flags are taken out). */
  argv: readonly string[];
  log: (line: string) => void;
  onRun: (run: SettingsRun) => void;
}

export async function compareSettings(o: CompareSettingsOptions): Promise<SettingsLine> {
  const steps = runSteps(o.subscribers, o.ramp);
  const order = settingsOrder(o.rounds);
  const pass = passThrough(o.argv, SETTINGS_OWN);
  const runs: SettingsRun[] = [];
  for (const [i, variant] of order.entries()) {
    o.log(`compare-settings: run ${i + 1}/${order.length}, ${variant}, steps ${steps.join(',')}`);
    const out = await runChild(o.script, [...settingsArgs(variant), '--subscribers', steps.join(','), ...pass]);
    const run = summarizeSettingsRun(i + 1, variant, o.subscribers, stepRows(out) as SettingsStepRow[]);
    runs.push(run);
    o.onRun(run);
  }
  return settingsLine(runs, o.engine);
}

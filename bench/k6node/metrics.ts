/**
 * k6-style metrics for the Node runner: what a VU records (trends, counters, rates, gauges and
 * checks), merging the VUs' records, the summary (k6's percentiles), and thresholds.
 * Pure code, shared by the VU workers and the main thread.
 */

export type MetricType = 'trend' | 'counter' | 'rate' | 'gauge';

export interface MetricRecord {
  type: MetricType;
  /** Trend values; for a trend only. */
  values: number[];
  /** Counter sum, gauge last value. */
  sum: number;
  /** Samples added (all types). */
  count: number;
  /** Rate: samples that were true (non-zero). */
  passes: number;
  min: number;
  max: number;
}

/** Records of one VU (or of the whole run, after merging). */
export class MetricStore {
  readonly metrics = new Map<string, MetricRecord>();
  readonly checks = new Map<string, { passes: number; fails: number }>();
  /** Values kept per trend; beyond it, a uniform sample (reservoir) is kept. */
  static readonly TREND_LIMIT = 1_000_000;

  #get(name: string, type: MetricType): MetricRecord {
    let m = this.metrics.get(name);
    if (!m) {
      m = { type, values: [], sum: 0, count: 0, passes: 0, min: Infinity, max: -Infinity };
      this.metrics.set(name, m);
    } else if (m.type !== type) throw new Error(`metric ${name} is a ${m.type}, not a ${type}`);
    return m;
  }

  add(name: string, type: MetricType, value: number | boolean): void {
    const m = this.#get(name, type);
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (!Number.isFinite(v)) return;
    m.count++;
    m.min = Math.min(m.min, v);
    m.max = Math.max(m.max, v);
    if (type === 'trend') {
      if (m.values.length < MetricStore.TREND_LIMIT) m.values.push(v);
      else {
        const j = Math.floor(Math.random() * m.count);
        if (j < MetricStore.TREND_LIMIT) m.values[j] = v;
      }
      m.sum += v;
    } else if (type === 'counter') m.sum += v;
    else if (type === 'gauge') m.sum = v;
    else if (v !== 0) m.passes++;
  }

  check(name: string, ok: boolean): void {
    const c = this.checks.get(name) ?? { passes: 0, fails: 0 };
    if (ok) c.passes++;
    else c.fails++;
    this.checks.set(name, c);
    this.add('checks', 'rate', ok);
  }

  toJSON(): { metrics: Array<[string, MetricRecord]>; checks: Array<[string, { passes: number; fails: number }]> } {
    return { metrics: [...this.metrics], checks: [...this.checks] };
  }

  merge(other: ReturnType<MetricStore['toJSON']>): void {
    for (const [name, o] of other.metrics) {
      const m = this.#get(name, o.type);
      if (o.type === 'gauge') m.sum = o.sum;
      else m.sum += o.sum;
      m.count += o.count;
      m.passes += o.passes;
      m.min = Math.min(m.min, o.min);
      m.max = Math.max(m.max, o.max);
      for (const v of o.values) m.values.push(v);
    }
    for (const [name, c] of other.checks) {
      const mine = this.checks.get(name) ?? { passes: 0, fails: 0 };
      mine.passes += c.passes;
      mine.fails += c.fails;
      this.checks.set(name, mine);
    }
  }
}

/** k6's percentile: linear interpolation between the closest ranks of the sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface MetricSummary {
  type: MetricType;
  [stat: string]: number | string;
}

export function summarize(m: MetricRecord, seconds: number): MetricSummary {
  if (m.type === 'trend') {
    const s = [...m.values].sort((x, y) => x - y);
    return {
      type: 'trend',
      count: m.count,
      avg: r3(m.count ? m.sum / m.count : 0),
      min: r3(m.count ? m.min : 0),
      med: r3(percentile(s, 50)),
      p50: r3(percentile(s, 50)),
      p90: r3(percentile(s, 90)),
      p95: r3(percentile(s, 95)),
      p99: r3(percentile(s, 99)),
      max: r3(m.count ? m.max : 0),
    };
  }
  if (m.type === 'counter') return { type: 'counter', count: r3(m.sum), rate: r3(seconds > 0 ? m.sum / seconds : 0) };
  if (m.type === 'rate') return { type: 'rate', rate: r3(m.count ? m.passes / m.count : 0), passes: m.passes, fails: m.count - m.passes };
  return { type: 'gauge', value: r3(m.sum), min: r3(m.count ? m.min : 0), max: r3(m.count ? m.max : 0) };
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  value: number | null;
  ok: boolean;
}

const AGG = /^\s*(avg|min|max|med|count|rate|value|p\((\d+(?:\.\d+)?)\))\s*(<=|>=|<|>|===|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

function aggregate(m: MetricRecord | undefined, agg: string, p: number | undefined, seconds: number): number | null {
  if (!m) return agg === 'count' || agg === 'rate' ? 0 : null; // never recorded
  if (p !== undefined) return m.type === 'trend' ? percentile([...m.values].sort((x, y) => x - y), p) : null;
  switch (agg) {
    case 'avg':
      return m.type === 'trend' && m.count ? m.sum / m.count : null;
    case 'med':
      return m.type === 'trend' ? percentile([...m.values].sort((x, y) => x - y), 50) : null;
    case 'min':
      return m.count ? m.min : null;
    case 'max':
      return m.count ? m.max : null;
    case 'count':
      return m.type === 'counter' ? m.sum : m.count;
    case 'rate':
      if (m.type === 'rate') return m.count ? m.passes / m.count : 0;
      return m.type === 'counter' && seconds > 0 ? m.sum / seconds : null;
    case 'value':
      return m.type === 'gauge' ? m.sum : null;
    default:
      return null;
  }
}

/**
 * Evaluates k6 thresholds ({ metric: ['p(95)<500', ...] }, or objects with `threshold`). Metrics
 * with tags in braces ("http_req_duration{name:x}") and expressions it cannot read are reported
 * with ok=false and value=null, so that nothing passes silently.
 */
export function evaluateThresholds(thresholds: Record<string, unknown> | undefined, records: ReadonlyMap<string, MetricRecord>, seconds: number): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const [metric, list] of Object.entries(thresholds ?? {})) {
    const exprs = (Array.isArray(list) ? list : [list]).map((e) => (typeof e === 'string' ? e : String((e as { threshold?: unknown })?.threshold ?? '')));
    for (const expression of exprs) {
      const m = AGG.exec(expression);
      if (!m || metric.includes('{')) {
        out.push({ metric, expression, value: null, ok: false });
        continue;
      }
      const agg = m[1] as string;
      const op = m[3] as string;
      const limit = Number(m[4]);
      const raw = aggregate(records.get(metric), agg.startsWith('p(') ? 'p' : agg, m[2] !== undefined ? Number(m[2]) : undefined, seconds);
      const value = raw === null ? null : r3(raw);
      const ok =
        value !== null &&
        (op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : op === '>=' ? value >= limit : op === '!=' ? value !== limit : value === limit);
      out.push({ metric, expression, value, ok });
    }
  }
  return out;
}

/** "30s", "1m30s", "500ms", "2h" -> milliseconds (k6 duration strings); a number is seconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== text.replace(/\s+/g, '').length) throw new Error(`not a duration: ${text}`);
  return total;
}

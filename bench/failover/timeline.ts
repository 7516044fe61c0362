/**
 * The failover timeline (bench:failover): where the seconds between the owner's SIGKILL and each
 * page decoding video again go. Two sources, both timed in ms since the epoch on this one machine:
 * the pages' `lophoc:*` step marks (client/util/timeline.ts `markStep`: socket reopened, join
 * sent/answered, media set-up, transports connected, produce sent/answered, consumed) and the new
 * owner's log lines for each request it answered (signaling/ws/ClientSession.ts, debug level:
 * how long the request queued behind the connection's earlier ones, and how long it ran).
 * Parsing and arranging are pure (unit-tested); the bench collects and prints.
 */

/** A page's step mark (client/util/timeline.ts), its `lophoc:` prefix removed. */
export interface StepMark {
  name: string;
  /** ms since the epoch */
  at: number;
}

/** One request the server answered, from its JSON log line. */
export interface ServerAnswer {
  node: string;
  participantId: string;
  request: string;
  /** When it was answered (ms since the epoch). */
  at: number;
  waitedMs: number;
  ranMs: number;
  /** What it answered: 'join', 'redirect', 'ack', 'error'... */
  answer: string;
}

/**
 * A line of the cluster's log file (`<node> <pino JSON>`): the request answered, or null for any
 * other line (and for one that is not JSON: a line cut by a crash).
 */
export function parseServerAnswer(line: string): ServerAnswer | null {
  const parsed = nodeLogLine(line);
  if (!parsed) return null;
  const { node, entry, at } = parsed;
  if (entry['msg'] !== 'answered' || typeof entry['request'] !== 'string') return null;
  return {
    node,
    participantId: typeof entry['participant'] === 'string' ? entry['participant'] : '',
    request: entry['request'],
    at,
    waitedMs: Number(entry['waitedMs']) || 0,
    ranMs: Number(entry['ranMs']) || 0,
    answer: typeof entry['answer'] === 'string' ? entry['answer'] : '?',
  };
}

/** A line of the cluster's log split into its node, its pino entry and that entry's time; null for a line that is not one (cut by a crash, no time). */
function nodeLogLine(line: string): { node: string; entry: Record<string, unknown>; at: number } | null {
  const space = line.indexOf(' ');
  if (space < 0) return null;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line.slice(space + 1)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const at = typeof entry['time'] === 'string' ? Date.parse(entry['time']) : Number.NaN;
  return Number.isFinite(at) ? { node: line.slice(0, space), entry, at } : null;
}

/**
 * A key frame or a key frame request the media worker reported (sfu/mediasoup/keyFrameTrace.ts,
 * debug level): `peer` publishes (role producer) or receives (role consumer) `stream`; or a state
 * of one of `peer`'s transports.
 */
export interface ServerTrace {
  node: string;
  peer: string;
  at: number;
  /** What it means for that peer's page, e.g. 'key frame to the page (p2/camera)'. */
  what: string;
}

/**
 * A `sfu: key frame trace` or `sfu: transport state` line (sfu/mediasoup/keyFrameTrace.ts) of the
 * cluster's log, or null for any other line.
 */
export function parseServerTrace(line: string): ServerTrace | null {
  const parsed = nodeLogLine(line);
  if (!parsed) return null;
  const { node, entry: e, at } = parsed;
  if ((e['msg'] !== 'sfu: key frame trace' && e['msg'] !== 'sfu: transport state') || typeof e['peer'] !== 'string') return null;
  if (e['msg'] === 'sfu: transport state') {
    const state = typeof e['ice'] === 'string' ? `ICE ${e['ice']}` : `DTLS ${String(e['dtls'])}`;
    return { node, peer: e['peer'], at, what: `${String(e['direction'])} transport ${state} (worker)` };
  }
  const stream = String(e['stream'] ?? '?');
  const layer = typeof e['rid'] === 'string' ? ` rid ${e['rid']}` : '';
  const kind = String(e['trace']);
  const incoming = e['direction'] === 'in';
  let what: string;
  if (kind === 'layers') what = `worker forwards ${stream} at spatial layer ${String(e['spatial'])}`;
  else if (e['role'] === 'consumer') what = kind === 'keyframe' ? `key frame sent to the page (${stream})` : `${kind.toUpperCase()} ${incoming ? 'from the page' : 'to the page'} (${stream})`;
  else what = kind === 'keyframe' ? `key frame from the page (${stream}${layer})` : `${kind.toUpperCase()} ${incoming ? 'from the page' : 'sent to the page'} (${stream}${layer})`;
  return { node, peer: e['peer'], at, what };
}

/** Rows of one description kept per page (a lossy link repeats PLIs): the first ones tell when. */
const TRACE_ROWS_EACH = 3;

/** Requests that a page sends all the time; left out of the timeline (they are counted instead). */
const ROUTINE = new Set(['qualityReport', 'setVideoPreferences', 'setMediaState']);

export interface PageTimeline {
  label: string;
  /** Since the kill: the page's steps, then the server's answers to it, in time order. */
  rows: Array<{ ms: number; what: string }>;
  backMs: number;
}

/**
 * One page's rows: its marks after the kill, the new owner's answers to its new participant
 * (routine requests folded into one count) and the moment it decoded video, all in ms since the
 * kill, in order; `seenAt`, when the bench's poll of the page's stats saw that frame, if later.
 */
export function pageTimeline(
  label: string,
  killedAt: number,
  backAt: number,
  marks: readonly StepMark[],
  answers: readonly ServerAnswer[],
  traces: readonly ServerTrace[] = [],
  seenAt = Number.NaN,
): PageTimeline {
  const rows: Array<{ ms: number; what: string }> = [];
  for (const m of marks) if (m.at >= killedAt) rows.push({ ms: m.at - killedAt, what: `page ${m.name}` });
  const seen = new Map<string, number>();
  for (const t of [...traces].sort((a, b) => a.at - b.at)) {
    if (t.at < killedAt) continue;
    const n = (seen.get(t.what) ?? 0) + 1;
    seen.set(t.what, n);
    if (n <= TRACE_ROWS_EACH) rows.push({ ms: t.at - killedAt, what: `${t.node} ${t.what}` });
  }
  let routine = 0;
  for (const a of answers) {
    if (a.at < killedAt) continue;
    if (ROUTINE.has(a.request)) {
      routine++;
      if (a.waitedMs + a.ranMs < 200) continue;
    }
    rows.push({ ms: a.at - killedAt, what: `${a.node} answered ${a.request} (queued ${a.waitedMs} ms, ran ${a.ranMs} ms)` });
  }
  // A page that never came back (NaN): its rows end where the bench gave up.
  const end = Number.isNaN(backAt) ? Math.max(0, ...rows.map((r) => r.ms)) : backAt - killedAt;
  if (routine > 0) rows.push({ ms: end, what: `(${routine} routine requests answered meanwhile)` });
  rows.push({ ms: end, what: Number.isNaN(backAt) ? 'NO VIDEO DECODED (gave up)' : 'decodes video again' });
  if (seenAt > backAt) rows.push({ ms: seenAt - killedAt, what: "(the bench's poll of the page's stats saw it)" });
  rows.sort((a, b) => a.ms - b.ms);
  return { label, rows, backMs: Number.isNaN(backAt) ? Number.NaN : backAt - killedAt };
}

export function formatTimeline(t: PageTimeline): string {
  return [`${t.label}: ${Number.isNaN(t.backMs) ? 'NO video back' : `video back at ${(t.backMs / 1000).toFixed(1)} s`}`, ...t.rows.map((r) => `  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${r.what}`)].join('\n');
}

/**
 * How late the page's 100 ms timer fired between `from` and `to` (ms since the epoch): the mean
 * and the worst. Late timers mean a main thread waiting for the CPU (or busy with long tasks).
 */
export function mainThreadLag(lags: ReadonlyArray<readonly [number, number]>, from: number, to: number): string {
  const inWindow = lags.filter(([at]) => at >= from && at <= to).map(([, late]) => late);
  if (inWindow.length === 0) return 'main thread: no timer samples';
  const mean = inWindow.reduce((s, v) => s + v, 0) / inWindow.length;
  return `main thread: 100 ms timer late by ${Math.round(mean)} ms on average, worst ${(Math.max(...inWindow) / 1000).toFixed(1)} s`;
}

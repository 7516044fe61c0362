/**
 * What `bench:fanout --instances 2` adds (docs/bench.md "Cascade"): which worker serves each bot
 * (the SFU port of its receive transport: one port per mediasoup worker), which worker process
 * owns which port (its UDP socket, from /proc), and the latency one pipe adds: the arrival of
 * the same video frame (RTP timestamp) at bots on the origin worker and at bots behind the pipe.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const median = (xs: number[]): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const percentile = (xs: number[], p: number): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r2 = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);

export interface HopLatency {
  /** Frames seen by both groups. */
  frames: number;
  /** Piped minus direct arrival of a frame's first packet (medians over each group's bots), ms. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** The same between two halves of the direct bots: the noise of the measurement itself. */
  directSpreadP50Ms: number | null;
  directSpreadP95Ms: number | null;
}

type Arrivals = ReadonlyArray<readonly [number, number]>;

/** Per frame (RTP timestamp) seen by every group: the median arrival in `a` minus in `b`. */
function deltas(a: Arrivals[], b: Arrivals[]): number[] {
  const byTs = (group: Arrivals[]) => {
    const m = new Map<number, number[]>();
    for (const bot of group) {
      for (const [ts, at] of bot) {
        const list = m.get(ts);
        if (list) list.push(at);
        else m.set(ts, [at]);
      }
    }
    return m;
  };
  const ma = byTs(a);
  const mb = byTs(b);
  const out: number[] = [];
  for (const [ts, xs] of ma) {
    const ys = mb.get(ts);
    // Only frames most bots of both groups saw: a frame at the edge of a bot's window would skew it.
    if (!ys || xs.length < Math.ceil(a.length / 2) || ys.length < Math.ceil(b.length / 2)) continue;
    out.push((median(xs) as number) - (median(ys) as number));
  }
  return out;
}

/** The hop latency from the frame arrivals of bots on the origin worker (`direct`) and behind the pipe (`piped`). */
export function hopLatency(direct: Arrivals[], piped: Arrivals[]): HopLatency {
  const hop = direct.length > 0 && piped.length > 0 ? deltas(piped, direct) : [];
  const half = Math.floor(direct.length / 2);
  const spread = half > 0 ? deltas(direct.slice(half), direct.slice(0, half)).map(Math.abs) : [];
  return { frames: hop.length, p50Ms: r2(median(hop)), p95Ms: r2(percentile(hop, 95)), directSpreadP50Ms: r2(median(spread)), directSpreadP95Ms: r2(percentile(spread, 95)) };
}

/** Bots per SFU port, e.g. { "61000": 10, "61001": 10 }. */
export function botsByPort(ports: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of ports) out[String(p)] = (out[String(p)] ?? 0) + 1;
  return out;
}

/** Local UDP ports of the sockets in /proc/net/udp{,6}, by socket inode. */
export function parseProcNetUdp(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = f[1];
    const inode = f[9];
    if (!local || !inode) continue;
    const port = parseInt(local.split(':')[1] ?? '', 16);
    if (Number.isFinite(port)) out.set(inode, port);
  }
  return out;
}

/** Which of `pids` holds a UDP socket bound to each of `ports` (a mediasoup worker's WebRtcServer port). */
export function pidsByPort(pids: readonly number[], ports: ReadonlySet<number>): Map<number, number> {
  const inodes = new Map<string, number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    try {
      for (const [inode, port] of parseProcNetUdp(readFileSync(file, 'utf8'))) inodes.set(inode, port);
    } catch {
      /* no IPv6 table */
    }
  }
  const out = new Map<number, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const port = inodes.get(/^socket:\[(\d+)\]$/.exec(link)?.[1] ?? '');
      if (port !== undefined && ports.has(port)) out.set(port, pid);
    }
  }
  return out;
}

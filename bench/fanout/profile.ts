/**
 * `bench:fanout --profile`: `perf record -g` on the mediasoup workers during each measurement
 * window, and the shares that matter for issue 14 read from `perf script`:
 * - deliveryPct: samples inside the kernel's receive softirq (net_rx_action, process_backlog).
 *   On one box the bots' sockets are fed by the sender: loopback (and a veth pair without RPS)
 *   runs the receivers' IP/UDP delivery as a softirq in the worker's own sendmsg, so the
 *   worker's CPU includes work a real student's machine would do. With `--bots-netns` (RPS) the
 *   delivery itself moves to the bots' core, but the worker's softirq then sends the IPIs that
 *   hand it over (a VM exit each on this paravirtual box): still not the SFU's own work, so it
 *   counts here too.
 * - srtpPct: leaf frames in the SRTP library and its crypto (libsrtp2, NSS, OpenSSL's libcrypto).
 * - kernelPct, and the top libraries (leaf frame's DSO) by share.
 * Needs `perf` (linux-perf) and root (or perf_event_paranoid ≤ 1); without it the row says why.
 */
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface ProfileShares {
  samples: number;
  /** % of samples in the kernel's receive path (the receivers' delivery when they share the box). */
  deliveryPct: number;
  /** % of samples whose leaf is SRTP or its crypto library. */
  srtpPct: number;
  /** % of samples whose leaf is in the kernel. */
  kernelPct: number;
  /** Libraries by share of leaf frames, largest first ("mediasoup-worker", "[kernel]", "libc.so.6", ...). */
  top: { dso: string; pct: number }[];
}

/** Frames of the kernel's receive softirq: a sample with one of them in its stack is delivery (or its RPS hand-off). */
const DELIVERY = /^(process_backlog|net_rx_action|__netif_receive_skb\w*|netif_receive_skb\w*)$/;
/** Libraries that do SRTP and its crypto (Debian's libsrtp2 goes through NSS; ours through OpenSSL). */
const SRTP_DSO = /^(libsrtp2|libsoftokn3|libfreeblpriv3|libfreebl3|libnss3|libnspr4|libplc4|libplds4|libcrypto)\b/;

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The basename of a frame's DSO, "[kernel]" for the kernel, "[unknown]" when perf had none. */
function dsoName(raw: string): string {
  if (raw === '[kernel.kallsyms]' || raw.startsWith('[kernel')) return '[kernel]';
  if (raw.startsWith('[')) return raw;
  return raw.slice(raw.lastIndexOf('/') + 1);
}

/** One frame line of `perf script -F comm,tid,time,ip,sym,dso`: "  ffffffff81 sym+0x1 (dso)". */
const FRAME = /^\s+[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/;

/** The shares of a `perf script` text (samples separated by blank lines, leaf frame first). */
export function profileShares(script: string, topN = 8): ProfileShares {
  let samples = 0;
  let delivery = 0;
  let srtp = 0;
  let kernel = 0;
  const byDso = new Map<string, number>();
  for (const block of script.split(/\n\s*\n/)) {
    const frames = block
      .split('\n')
      .map((l) => FRAME.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ sym: (m[1] ?? '').replace(/\+0x[0-9a-f]+$/, ''), dso: dsoName(m[2] ?? '') }));
    const leaf = frames[0];
    if (!leaf) continue;
    samples++;
    byDso.set(leaf.dso, (byDso.get(leaf.dso) ?? 0) + 1);
    if (leaf.dso === '[kernel]') kernel++;
    if (SRTP_DSO.test(leaf.dso) || leaf.sym.startsWith('srtp_')) srtp++;
    if (frames.some((f) => f.dso === '[kernel]' && DELIVERY.test(f.sym))) delivery++;
  }
  const pct = (x: number) => (samples > 0 ? round1((100 * x) / samples) : 0);
  const top = [...byDso.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([dso, n]) => ({ dso, pct: pct(n) }));
  return { samples, deliveryPct: pct(delivery), srtpPct: pct(srtp), kernelPct: pct(kernel), top };
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd}: ${stderr.trim() || err.message}`)) : resolve(stdout)));
  });
}

/**
 * Samples `pids` for `seconds` (cpu-clock at `hz`, call graphs) and returns their shares, or
 * `{ error }` saying why not (no perf, not allowed): a bench row then still has its figures.
 */
export async function profilePids(pids: readonly number[], seconds: number, hz = 499): Promise<ProfileShares | { error: string }> {
  if (pids.length === 0) return { error: 'no engine process to profile' };
  const out = join(tmpdir(), `classroom-bench-${process.pid}-perf-${Date.now()}.data`);
  try {
    await new Promise<void>((resolve, reject) => {
      const args = ['record', '-q', '-e', 'cpu-clock', '-F', String(hz), '-g', '-p', pids.join(','), '-o', out, '--', 'sleep', String(seconds)];
      const p = spawn('perf', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`perf record exited ${code}: ${err.trim().slice(0, 300)}`))));
    });
    return profileShares(await run('perf', ['script', '-i', out, '-F', 'comm,tid,time,ip,sym,dso']));
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    rmSync(out, { force: true });
  }
}

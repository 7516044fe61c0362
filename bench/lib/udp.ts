/**
 * UDP drop counters, to tell where packets were lost: the kernel counts, per socket, datagrams
 * it dropped because the receiver's buffer was full (/proc/net/udp "drops"), and box-wide
 * totals (/proc/net/snmp). Sockets are attributed to processes through /proc/<pid>/fd.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** inode -> drops, from the text of /proc/net/udp or /proc/net/udp6. */
export function parseUdpTable(text: string): Map<number, number> {
  const out = new Map<number, number>();
  // The header names some columns differently from the rows ("tx_queue rx_queue" is one
  // "tx:rx" field in a row), so rows are read by position.
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    const inode = Number(f[9]);
    const drops = Number(f[12]);
    if (Number.isFinite(inode) && Number.isFinite(drops)) out.set(inode, drops);
  }
  return out;
}

/** Udp: line pairs of /proc/net/snmp -> { InDatagrams, RcvbufErrors, ... }. */
export function parseSnmpUdp(text: string): Record<string, number> {
  const lines = text.split('\n').filter((l) => l.startsWith('Udp:'));
  const keys = (lines[0] ?? '').split(/\s+/).slice(1);
  const vals = (lines[1] ?? '').split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(keys.map((k, i) => [k, vals[i] ?? 0]));
}

function socketInodes(pid: number): number[] {
  const out: number[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.push(Number(m[1]));
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

export interface UdpDrops {
  /** Receive-buffer drops summed over the UDP sockets of each named group of processes. */
  byGroup: Record<string, number>;
  snmp: Record<string, number>;
}

export function udpDrops(groups: Record<string, number[]>): UdpDrops {
  const table = new Map<number, number>();
  for (const f of ['/proc/net/udp', '/proc/net/udp6']) {
    try {
      for (const [k, v] of parseUdpTable(readFileSync(f, 'utf8'))) table.set(k, v);
    } catch {
      /* no IPv6 */
    }
  }
  const byGroup: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups)) {
    let sum = 0;
    for (const pid of pids) for (const inode of socketInodes(pid)) sum += table.get(inode) ?? 0;
    byGroup[name] = sum;
  }
  let snmp: Record<string, number> = {};
  try {
    snmp = parseSnmpUdp(readFileSync('/proc/net/snmp', 'utf8'));
  } catch {
    /* not Linux */
  }
  return { byGroup, snmp };
}

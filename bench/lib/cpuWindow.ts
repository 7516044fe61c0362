/**
 * CPU accounting over a measurement window: CPU % (of one core) used by named groups of
 * processes, and how busy the whole box was with work that is not ours (other engineers' tests
 * on a shared machine), so that a disturbed window can be measured again.
 */
import { clkTck, processTable, processTree, readSystemStat, type CpuTimes, type ProcStat } from './procfs.js';

export interface CpuSnapshot {
  atMs: number;
  procs: Map<number, ProcStat>;
  cpus: Map<string, CpuTimes>;
}

export function cpuSnapshot(): CpuSnapshot {
  return { atMs: performance.now(), procs: processTable(), cpus: readSystemStat() };
}

/** CPU % of one core used by `pids` between `a` and `b`; a pid born inside the window counts from 0. */
export function groupCpuPct(a: CpuSnapshot, b: CpuSnapshot, pids: Iterable<number>): number {
  let ticks = 0;
  for (const pid of pids) {
    const after = b.procs.get(pid);
    if (!after) continue; // exited during the window: its time is lost (rare; logged by callers if it matters)
    const before = a.procs.get(pid);
    ticks += after.cpuTicks - (before && before.comm === after.comm ? before.cpuTicks : 0);
  }
  const seconds = (b.atMs - a.atMs) / 1000;
  return seconds > 0 ? (100 * ticks) / clkTck() / seconds : 0;
}

/** A process and its descendants as they are in snapshot `b` (e.g. the server and its mediasoup workers). */
export function treePids(root: number, b: CpuSnapshot): number[] {
  return processTree(root, b.procs);
}

export interface BoxLoad {
  /** Busy % of each core over the window (100 = one core fully busy). */
  cores: Record<string, number>;
  /** Time in interrupts and softirqs (where the kernel moves our UDP packets), % of one core. */
  irqPct: number;
  /** Time the hypervisor gave to other guests, % of one core. */
  stealPct: number;
  /**
   * All cores' busy time minus `ourPct`, interrupts and steal: other programs (other engineers'
   * tests, short-lived ones included) and kernel threads, % of one core.
   */
  notOursPct: number;
  /** The biggest other processes seen at the end of the window, "pid:comm:pct". */
  topOthers: string[];
}

export function boxLoad(a: CpuSnapshot, b: CpuSnapshot, ours: ReadonlySet<number>, ourPct: number): BoxLoad {
  const cores: Record<string, number> = {};
  let busy = 0;
  let irq = 0;
  let steal = 0;
  for (const [name, after] of b.cpus) {
    if (name === 'cpu') continue;
    const before = a.cpus.get(name);
    if (!before) continue;
    const total = after.total - before.total;
    if (total <= 0) continue;
    const pct = 100 * (1 - (after.idle - before.idle) / total);
    cores[name] = round1(pct);
    busy += pct;
    irq += (100 * (after.irq - before.irq + after.softirq - before.softirq)) / total;
    steal += (100 * (after.steal - before.steal)) / total;
  }
  const seconds = (b.atMs - a.atMs) / 1000;
  const others: Array<[string, number]> = [];
  for (const [pid, after] of b.procs) {
    if (ours.has(pid)) continue;
    const before = a.procs.get(pid);
    const base = before && before.comm === after.comm ? before.cpuTicks : 0; // born in the window: all of it
    const pct = (100 * (after.cpuTicks - base)) / clkTck() / seconds;
    if (pct >= 2) others.push([`${pid}:${after.comm}:${pct.toFixed(0)}%`, pct]);
  }
  others.sort((x, y) => y[1] - x[1]);
  return {
    cores,
    irqPct: round1(irq),
    stealPct: round1(steal),
    notOursPct: round1(Math.max(0, busy - ourPct - irq - steal)),
    topOthers: others.slice(0, 5).map((o) => o[0]),
  };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

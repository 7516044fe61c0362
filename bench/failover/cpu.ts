/**
 * Whose CPU the failover window used (bench:failover): the Chromium pages (renderers apart from
 * the browser, GPU and utility processes), the nodes' signaling processes, their mediasoup
 * workers, the services (nginx, PostgreSQL, Redis), this bench, and what the rest of the box did
 * (other engineers' work on a shared machine). Every figure is % of one core over the window; the
 * box has `cores` × 100 %. Classifying is pure (unit-tested); sampling uses bench/lib's /proc reader.
 */
import { boxLoad, cpuSnapshot, groupCpuPct, treePids, type CpuSnapshot } from '../lib/cpuWindow.js';
import { readCmdline } from '../lib/procfs.js';

export type CpuClass = 'chromium renderers' | 'chromium browser/gpu/utility' | 'signaling nodes' | 'mediasoup workers' | 'nginx/postgres/redis' | 'bench';

/** Which class a process of the bench's own tree belongs to, from its command name and line. */
export function classify(comm: string, cmdline: readonly string[]): CpuClass {
  const line = cmdline.join(' ');
  if (comm.startsWith('mediasoup-work')) return 'mediasoup workers';
  if (/chrom/i.test(comm) || /chrom/i.test(cmdline[0] ?? '')) return line.includes('--type=renderer') ? 'chromium renderers' : 'chromium browser/gpu/utility';
  if (line.includes('signaling/bin.ts') || line.includes('server/main.js')) return 'signaling nodes';
  if (/^(nginx|postgres|redis-server|redis)/.test(comm)) return 'nginx/postgres/redis';
  return 'bench';
}

export interface CpuReport {
  seconds: number;
  /** % of one core per class, ours only. */
  byClass: Record<string, number>;
  /** Renderer processes seen (one per page unless Chromium shares them). */
  renderers: number;
  /** Busy % of all cores together, and the part that was not ours. */
  boxBusyPct: number;
  notOursPct: number;
  topOthers: string[];
}

export class CpuWindow {
  #start: CpuSnapshot | null = null;

  start(): void {
    this.#start = cpuSnapshot();
  }

  stop(): CpuReport | null {
    const a = this.#start;
    if (!a) return null;
    const b = cpuSnapshot();
    const ours = treePids(process.pid, b);
    const groups = new Map<CpuClass, number[]>();
    let renderers = 0;
    for (const pid of ours) {
      const stat = b.procs.get(pid);
      if (!stat) continue;
      const cls = classify(stat.comm, readCmdline(pid));
      if (cls === 'chromium renderers') renderers++;
      groups.set(cls, [...(groups.get(cls) ?? []), pid]);
    }
    const byClass: Record<string, number> = {};
    let oursPct = 0;
    for (const [cls, pids] of groups) {
      const pct = groupCpuPct(a, b, pids);
      byClass[cls] = Math.round(pct);
      oursPct += pct;
    }
    const load = boxLoad(a, b, new Set(ours), oursPct);
    const boxBusyPct = Object.values(load.cores).reduce((s, v) => s + v, 0);
    return { seconds: Math.round((b.atMs - a.atMs) / 100) / 10, byClass, renderers, boxBusyPct: Math.round(boxBusyPct), notOursPct: Math.round(load.notOursPct), topOthers: load.topOthers.slice(0, 5) };
  }
}

export function formatCpu(r: CpuReport, cores: number): string {
  const classes = Object.entries(r.byClass)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${v} %`)
    .join(', ');
  return `CPU from the kill until every page decoded again (${r.seconds} s, % of one core; the box has ${cores * 100} %): ${classes}; ${r.renderers} renderer processes; box busy ${r.boxBusyPct} %, of which not this bench ${r.notOursPct} % (${r.topOthers.join(' ') || 'nothing big'})`;
}

/**
 * Linux /proc readings for the benches: CPU time (utime + stime, every thread of a process),
 * resident memory, process trees, whole-CPU busy time. Parsing is separate from reading so that
 * it can be unit-tested on fixed text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** utime + stime in clock ticks, all threads (live and exited) of the process. */
  cpuTicks: number;
  threads: number;
}

/**
 * Parses /proc/<pid>/stat. The command name is in parentheses and may itself contain spaces and
 * ")" characters, so the fields are counted from the LAST ")".
 */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/<pid>/stat line');
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  // fields after ")": state(3) ppid(4) pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) cutime cstime priority nice num_threads(20)
  const f = text.slice(close + 2).trim().split(/\s+/);
  const num = (i: number) => {
    const v = Number(f[i]);
    if (!Number.isFinite(v)) throw new Error(`bad field ${i + 3} in /proc stat`);
    return v;
  };
  return { pid, comm, state: f[0] ?? '?', ppid: num(1), cpuTicks: num(11) + num(12), threads: num(17) };
}

/** VmRSS of /proc/<pid>/status, in kB (0 for a kernel thread or a zombie, which have none). */
export function parseVmRssKb(statusText: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return m ? Number(m[1]) : 0;
}

export interface CpuTimes {
  /** Sum of every column (jiffies). */
  total: number;
  /** idle + iowait. */
  idle: number;
  user: number;
  system: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** Parses the "cpu" and "cpuN" lines of /proc/stat. */
export function parseSystemStat(text: string): Map<string, CpuTimes> {
  const out = new Map<string, CpuTimes>();
  for (const line of text.split('\n')) {
    if (!/^cpu\d* /.test(line)) continue;
    const [name, ...rest] = line.trim().split(/\s+/);
    const v = rest.map(Number);
    const at = (i: number) => v[i] ?? 0;
    out.set(name as string, {
      total: v.reduce((a, b) => a + b, 0) - at(8) - at(9), // guest time is already counted in user
      idle: at(3) + at(4),
      user: at(0) + at(1),
      system: at(2),
      irq: at(5),
      softirq: at(6),
      steal: at(7),
    });
  }
  return out;
}

let clockTicks: number | undefined;
/** USER_HZ (`getconf CLK_TCK`), 100 on every Linux we know of. */
export function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readRssKb(pid: number): number {
  try {
    return parseVmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return 0;
  }
}

export function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

/** Every live process: pid -> stat. */
export function processTable(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readStat(Number(d));
    if (s) out.set(s.pid, s);
  }
  return out;
}

/** `root` and all its descendants in `table` (pid -> ppid). */
export function processTree(root: number, table: ReadonlyMap<number, { ppid: number }>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const out: number[] = [];
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (table.has(pid)) out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export function readSystemStat(): Map<string, CpuTimes> {
  return parseSystemStat(readFileSync('/proc/stat', 'utf8'));
}

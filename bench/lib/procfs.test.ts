import { describe, expect, it } from 'vitest';
import { groupCpuPct, boxLoad, type CpuSnapshot } from './cpuWindow.js';
import { clkTck, parseStat, parseSystemStat, parseVmRssKb, processTree, type ProcStat } from './procfs.js';

describe('parseStat', () => {
  it('reads pid, name, parent, utime + stime and threads', () => {
    const line = '4242 (janus) S 4200 4242 4200 0 -1 4194560 1375 0 0 0 1234 567 0 0 20 0 13 0 98765 987654321 4321 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0';
    expect(parseStat(line)).toEqual({ pid: 4242, comm: 'janus', state: 'S', ppid: 4200, cpuTicks: 1801, threads: 13 });
  });

  it('counts the fields from the last ")" so that names with spaces and parentheses parse', () => {
    const line = '77 (Web Content (x) y) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 3 0 1 1 1 1';
    expect(parseStat(line)).toMatchObject({ pid: 77, comm: 'Web Content (x) y', state: 'R', ppid: 1, cpuTicks: 15, threads: 3 });
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseStat('hello')).toThrow();
  });
});

describe('parseVmRssKb', () => {
  it('reads VmRSS in kB, and 0 when there is none (kernel thread, zombie)', () => {
    expect(parseVmRssKb('Name:\tjanus\nVmPeak:\t  99999 kB\nVmRSS:\t   69120 kB\nThreads:\t13\n')).toBe(69_120);
    expect(parseVmRssKb('Name:\tkworker\nThreads:\t1\n')).toBe(0);
  });
});

describe('parseSystemStat', () => {
  it('sums the columns without guest time and counts iowait as idle', () => {
    const text = 'cpu  100 10 50 1000 20 5 7 3 40 2\ncpu0 60 5 30 500 10 3 4 2 20 1\nintr 1 2 3\n';
    const m = parseSystemStat(text);
    expect(m.get('cpu')).toEqual({ total: 100 + 10 + 50 + 1000 + 20 + 5 + 7 + 3, idle: 1020, user: 110, system: 50, irq: 5, softirq: 7, steal: 3 });
    expect(m.get('cpu0')?.idle).toBe(510);
    expect(m.has('intr')).toBe(false);
  });
});

describe('processTree', () => {
  it('returns a process and all its descendants', () => {
    const table = new Map([
      [1, { ppid: 0 }],
      [10, { ppid: 1 }],
      [11, { ppid: 10 }],
      [12, { ppid: 11 }],
      [20, { ppid: 1 }],
    ]);
    expect(processTree(10, table).sort()).toEqual([10, 11, 12]);
    expect(processTree(99, table)).toEqual([]);
  });
});

describe('CPU windows', () => {
  const proc = (pid: number, cpuTicks: number, comm = 'x'): ProcStat => ({ pid, comm, state: 'S', ppid: 1, cpuTicks, threads: 1 });
  const cpu = (total: number, idle: number, softirq = 0) => ({ total, idle, user: 0, system: 0, irq: 0, softirq, steal: 0 });
  const hz = clkTck();
  const a: CpuSnapshot = { atMs: 0, procs: new Map([[1, proc(1, 100)], [2, proc(2, 50)], [3, proc(3, 0, 'other')]]), cpus: new Map([['cpu0', cpu(0, 0)], ['cpu1', cpu(0, 0)]]) };
  const b: CpuSnapshot = {
    atMs: 10_000,
    procs: new Map([[1, proc(1, 100 + 5 * hz)], [2, proc(2, 50 + 2 * hz)], [3, proc(3, 3 * hz, 'other')], [4, proc(4, hz)]]),
    cpus: new Map([['cpu0', cpu(10 * hz, 3 * hz)], ['cpu1', cpu(10 * hz, 8 * hz, hz)]]),
  };

  it('gives the CPU % of one core used by a group over the window', () => {
    expect(groupCpuPct(a, b, [1, 2])).toBeCloseTo(70);
    expect(groupCpuPct(a, b, [4])).toBeCloseTo(10); // born during the window: counted from 0
    expect(groupCpuPct(a, b, [99])).toBe(0);
  });

  it('does not take a reused pid for the process it replaced', () => {
    const reused: CpuSnapshot = { ...b, procs: new Map([[2, proc(2, 4 * hz, 'new')]]) };
    expect(groupCpuPct(a, reused, [2])).toBeCloseTo(40);
  });

  it('gives how busy the box was with work that is not ours', () => {
    const load = boxLoad(a, b, new Set([1, 2]), 70);
    expect(load.cores).toEqual({ cpu0: 70, cpu1: 20 });
    expect(load.irqPct).toBe(10);
    expect(load.notOursPct).toBe(10); // 90 busy - 70 ours - 10 softirq
    expect(load.topOthers).toEqual(['3:other:30%', '4:x:10%']); // 4 was born during the window
  });
});

/**
 * How much of the SFU's measured CPU is the receivers' delivery (issue 14). On one box the
 * kernel delivers each packet to a bot's socket inside the worker's sendmsg (a softirq on the
 * worker's core, charged to the worker: this kernel has no IRQ time accounting, so a task's
 * system time includes the softirqs it runs). Two readings, reported side by side:
 * - the profile's share (`--profile`): samples of the workers inside the receive path,
 *   scaled to the workers' CPU → the CPU the SFU would not spend if the students were remote;
 * - the softirq time of each core (/proc/stat), which shows where that work ran: on the SFU's
 *   core over loopback, on the bots' core with `--bots-netns` (RPS).
 */
import type { CpuTimes } from '../lib/procfs.js';
import type { ProfileShares } from './profile.js';

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Softirq time of each core over the window, % of that core ("cpu0": 12.3). */
export function softirqByCore(a: ReadonlyMap<string, CpuTimes>, b: ReadonlyMap<string, CpuTimes>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, after] of b) {
    const before = a.get(name);
    if (name === 'cpu' || !before) continue;
    const total = after.total - before.total;
    if (total > 0) out[name] = round1((100 * (after.softirq - before.softirq)) / total);
  }
  return out;
}

export interface DeliveryInput {
  deliveredPps: number;
  /** The whole SFU side (server + workers), % of one core. */
  sfuCpuPct: number;
  /** The workers alone, % of one core (what the profile sampled). */
  engineCpuPct: number;
  profile: ProfileShares | { error: string } | undefined;
}

export interface DeliveryShare {
  /** The receivers' delivery inside the workers, % of one core (profile share × workers' CPU); null without a profile. */
  deliveryCpuPct: number | null;
  /** Packets per CPU-second with that delivery taken out of the SFU's CPU: what remote students would leave it. */
  pktsPerCpuSecWithoutDelivery: number | null;
}

export function deliveryShare(i: DeliveryInput): DeliveryShare {
  if (!i.profile || 'error' in i.profile || i.profile.samples === 0) return { deliveryCpuPct: null, pktsPerCpuSecWithoutDelivery: null };
  const deliveryCpuPct = (i.profile.deliveryPct / 100) * i.engineCpuPct;
  const rest = i.sfuCpuPct - deliveryCpuPct;
  return { deliveryCpuPct: round1(deliveryCpuPct), pktsPerCpuSecWithoutDelivery: rest > 0 ? Math.round(i.deliveredPps / (rest / 100)) : null };
}

import { describe, expect, it } from 'vitest';
import type { CpuTimes } from '../lib/procfs.js';
import { deliveryShare, softirqByCore } from './delivery.js';

const times = (total: number, softirq: number): CpuTimes => ({ total, idle: 0, user: 0, system: 0, irq: 0, softirq, steal: 0 });

describe('bench:fanout receivers\' delivery', () => {
  it('softirq per core is its share of that core over the window (the "cpu" sum line is left out)', () => {
    const a = new Map([['cpu', times(0, 0)], ['cpu0', times(1000, 100)], ['cpu1', times(1000, 50)]]);
    const b = new Map([['cpu', times(4000, 400)], ['cpu0', times(3000, 400)], ['cpu1', times(3000, 60)], ['cpu2', times(10, 1)]]);
    expect(softirqByCore(a, b)).toEqual({ cpu0: 15, cpu1: 0.5 });
  });

  it('the profile share of the workers becomes CPU taken out of the SFU\'s, and packets per CPU-second without it', () => {
    const profile = { samples: 1000, deliveryPct: 20, srtpPct: 10, kernelPct: 50, top: [] };
    // workers 50% of a core, 20% of it delivery = 10%; SFU 60% → 50% left; 30000 pps / 0.5
    expect(deliveryShare({ deliveredPps: 30_000, sfuCpuPct: 60, engineCpuPct: 50, profile })).toEqual({ deliveryCpuPct: 10, pktsPerCpuSecWithoutDelivery: 60_000 });
  });

  it('no profile (not asked, perf failed, no samples): no estimate rather than a wrong one', () => {
    const base = { deliveredPps: 1, sfuCpuPct: 1, engineCpuPct: 1 };
    const none = { deliveryCpuPct: null, pktsPerCpuSecWithoutDelivery: null };
    expect(deliveryShare({ ...base, profile: undefined })).toEqual(none);
    expect(deliveryShare({ ...base, profile: { error: 'perf: not found' } })).toEqual(none);
    expect(deliveryShare({ ...base, profile: { samples: 0, deliveryPct: 0, srtpPct: 0, kernelPct: 0, top: [] } })).toEqual(none);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { types } from 'mediasoup-client';
import type { NetworkSample } from '../MediaTypes.js';
import { NetworkSampler, type SampledTransports } from './NetworkSampler.js';

/** A transport whose stats report `rtt` seconds on its selected pair, answered after `delayMs`. */
function transport(rtt: number, delayMs = 0): types.Transport {
  const report = new Map<string, unknown>([
    ['t', { type: 'transport', id: 't', selectedCandidatePairId: 'p', bytesReceived: 0, bytesSent: 0 }],
    ['p', { type: 'candidate-pair', id: 'p', currentRoundTripTime: rtt, availableOutgoingBitrate: 500_000 }],
  ]);
  return { getStats: () => new Promise((r) => setTimeout(() => r(report as unknown as RTCStatsReport), delayMs)) } as unknown as types.Transport;
}

const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('NetworkSampler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('samples the current transports each period, and stops', async () => {
    const samples: NetworkSample[] = [];
    const current: SampledTransports = { send: transport(0.15), recv: transport(0.15) };
    const sampler = new NetworkSampler(20, () => current, (s) => samples.push(s));
    sampler.start();
    sampler.start(); // once
    await wait(70);
    sampler.stop();
    expect(samples.map((s) => s.rttMs)).toEqual([150, 150, 150]);
    await wait(100);
    expect(samples).toHaveLength(3);
  });

  it('drops a sample whose transports were replaced while their stats were read (a new set-up)', async () => {
    const samples: NetworkSample[] = [];
    let current: SampledTransports | null = { send: transport(0.3, 30), recv: transport(0.3, 30) };
    const sampler = new NetworkSampler(10, () => current, (s) => samples.push(s));
    sampler.start();
    await wait(15);
    current = null; // between set-ups: nothing to sample, and the one in flight is dropped
    await wait(40);
    sampler.stop();
    expect(samples).toEqual([]);
  });
});

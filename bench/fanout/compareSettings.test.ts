import { describe, expect, it } from 'vitest';
import { passThrough } from './compareSrtp.js';
import { SETTINGS_OWN, settingsArgs, settingsLine, settingsOrder, summarizeSettingsRun, type SettingsStepRow } from './compareSettings.js';

const row = (n: number, pkts: number | null, settings: 'baseline' | 'tuned', extra: Partial<SettingsStepRow> = {}): SettingsStepRow => ({
  engine: 'mediasoup',
  subscribers: n,
  connected: n,
  lossPct: 0,
  deliveredPps: 1000 * n,
  sfuCpuPct: 50,
  pktsPerCpuSec: pkts,
  srtpLibrary: settings === 'baseline' ? 'system' : 'openssl',
  settings,
  deliveryCpuPct: null,
  pktsPerCpuSecWithoutDelivery: null,
  botsNetns: false,
  ...extra,
});

describe('--compare-settings', () => {
  it('interleaves baseline (system SRTP, settings before issue 14) and tuned (OpenSSL, today\'s defaults)', () => {
    expect(settingsOrder(2)).toEqual(['baseline', 'tuned', 'baseline', 'tuned']);
    expect(() => settingsOrder(0)).toThrow(/--rounds/);
    expect(settingsArgs('baseline')).toEqual(['--srtp', 'system', '--settings', 'baseline']);
    expect(settingsArgs('tuned')).toEqual(['--srtp', 'openssl', '--settings', 'tuned']);
  });

  it('each run gets the other options but not the comparison\'s own', () => {
    const argv = ['--compare-settings', '--subscribers', '300', '--rounds=3', '--ramp', '200,300', '--profile', '--bots-netns', '--window', '30', '--settings', 'tuned'];
    expect(passThrough(argv, SETTINGS_OWN)).toEqual(['--profile', '--bots-netns', '--window', '30']);
  });

  it('refuses a run whose row reports another SRTP library or settings than its side', () => {
    expect(() => summarizeSettingsRun(2, 'tuned', 300, [row(300, 1, 'tuned', { srtpLibrary: 'system' })])).toThrow(/asked for SRTP "openssl" and settings "tuned" but its row says "system" and "tuned"/);
    expect(() => summarizeSettingsRun(1, 'baseline', 300, [row(300, 1, 'baseline', { settings: null })])).toThrow(/"nothing"/);
  });

  it('the final line: medians per side, ratio tuned / baseline, and the same without the receivers\' delivery', () => {
    const runs = [
      summarizeSettingsRun(1, 'baseline', 300, [row(200, 1, 'baseline'), row(300, 50_000, 'baseline', { deliveryCpuPct: 10, pktsPerCpuSecWithoutDelivery: 60_000 }), row(400, 1, 'baseline', { lossPct: 2 })]),
      summarizeSettingsRun(2, 'tuned', 300, [row(300, 70_000, 'tuned', { deliveryCpuPct: 12, pktsPerCpuSecWithoutDelivery: 90_000 }), row(400, 1, 'tuned')]),
      summarizeSettingsRun(3, 'baseline', 300, [row(300, 54_000, 'baseline', { deliveryCpuPct: 8, pktsPerCpuSecWithoutDelivery: 64_000 })]),
      summarizeSettingsRun(4, 'tuned', 300, [row(300, 80_000, 'tuned', { deliveryCpuPct: 14, pktsPerCpuSecWithoutDelivery: 100_000 }), row(500, 1, 'tuned', { connected: 480 })]),
    ];
    expect(runs[0]).toMatchObject({ compare: 'settings', settings: 'baseline', srtp: 'system', pktsPerCpuSec: 50_000, maxN: 300, deliveryCpuPct: 10 });
    expect(runs[3]).toMatchObject({ maxN: 300 });
    expect(settingsLine(runs, 'mediasoup')).toEqual({
      compare: 'settings',
      pktsPerCpuSecBaseline: 52_000,
      pktsPerCpuSecTuned: 75_000,
      ratio: 1.442,
      maxNBaseline: 300,
      maxNTuned: 350,
      pktsPerCpuSecWithoutDeliveryBaseline: 62_000,
      pktsPerCpuSecWithoutDeliveryTuned: 95_000,
      ratioWithoutDelivery: 1.532,
      deliveryCpuPctBaseline: 9,
      deliveryCpuPctTuned: 13,
      botsNetns: false,
      engine: 'mediasoup',
      subscribers: 300,
      runs: 4,
    });
  });

  it('no profile: the delivery figures are null, not zero', () => {
    const line = settingsLine([summarizeSettingsRun(1, 'baseline', 5, [row(5, 10, 'baseline')]), summarizeSettingsRun(2, 'tuned', 5, [row(5, 20, 'tuned')])], 'mediasoup');
    expect(line).toMatchObject({ ratio: 2, ratioWithoutDelivery: null, deliveryCpuPctBaseline: null, pktsPerCpuSecWithoutDeliveryTuned: null });
  });
});

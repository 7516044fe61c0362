import { describe, expect, it } from 'vitest';
import { compareLine, median, passThrough, reportedSrtpLibrary, runOrder, runSteps, stepRows, summarizeRun, type StepRow } from './compareSrtp.js';

const row = (n: number, pkts: number | null, lossPct: number, srtpLibrary: string, connected = n): StepRow => ({
  engine: 'mediasoup',
  subscribers: n,
  connected,
  lossPct,
  deliveredPps: 1000 * n,
  sfuCpuPct: 50,
  pktsPerCpuSec: pkts,
  srtpLibrary,
});

describe('--compare-srtp', () => {
  it('interleaves the libraries, the system one first, and ramps through the measured N', () => {
    expect(runOrder(2)).toEqual(['system', 'openssl', 'system', 'openssl']);
    expect(() => runOrder(0)).toThrow(/--rounds/);
    expect(runSteps(300, [200, 300, 400])).toEqual([200, 300, 400]);
    expect(runSteps(5, [10, 5, 8])).toEqual([5, 8, 10]);
    expect(runSteps(250, [600, 200])).toEqual([200, 250, 600]);
  });

  it('medians: middle value, mean of the middle two, nulls ignored', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 7])).toBe(7);
    expect(median([null])).toBeNull();
  });

  it('a run reads pkts/CPU-s at the measured N and maxN from the ramp (all connected, loss < 1%)', () => {
    const rows = [row(200, 60000, 0.1, 'openssl'), row(300, 58000, 0.5, 'openssl'), row(400, 55000, 0.9, 'openssl', 390), row(500, 50000, 3, 'openssl')];
    const run = summarizeRun(2, 'openssl', 300, rows);
    expect(run).toMatchObject({ compare: 'srtp', run: 2, srtp: 'openssl', engine: 'mediasoup', subscribers: 300, pktsPerCpuSec: 58000, lossPct: 0.5, maxN: 300 });
    expect(run.steps.map((s) => s.n)).toEqual([200, 300, 400, 500]);
    expect(summarizeRun(1, 'system', 300, [row(200, 1, 2, 'system')])).toMatchObject({ pktsPerCpuSec: null, maxN: null });
  });

  it('refuses a run whose server reported another SRTP library than the run asked for', () => {
    expect(() => summarizeRun(2, 'openssl', 300, [row(300, 1, 0, 'system')])).toThrow(/asked for SRTP "openssl" but the server's mediasoup engine reported "system".*npm run media:build/);
    expect(() => summarizeRun(1, 'system', 300, [{ ...row(300, 1, 0, 'system'), srtpLibrary: undefined }])).toThrow(/reported "nothing"/);
  });

  it('the final line: medians per library, ratio OpenSSL / system', () => {
    const runs = [
      summarizeRun(1, 'system', 300, [row(300, 50000, 0.2, 'system'), row(400, 45000, 2, 'system')]),
      summarizeRun(2, 'openssl', 300, [row(300, 64000, 0.1, 'openssl'), row(400, 60000, 0.5, 'openssl')]),
      summarizeRun(3, 'system', 300, [row(300, 54000, 0.3, 'system'), row(400, 47000, 0.8, 'system')]),
      summarizeRun(4, 'openssl', 300, [row(300, 66000, 0.1, 'openssl'), row(400, 61000, 0.4, 'openssl')]),
    ];
    expect(compareLine(runs)).toEqual({
      compare: 'srtp',
      pktsPerCpuSecSystem: 52000,
      pktsPerCpuSecOpenssl: 65000,
      ratio: 1.25,
      maxNSystem: 350,
      maxNOpenssl: 400,
      engine: 'mediasoup',
      subscribers: 300,
      runs: 4,
    });
  });

  it("reads the step rows from a run's stdout and nothing else", () => {
    const out = `${JSON.stringify(row(5, 100, 0, 'system'))}\nnot json\n${JSON.stringify({ compare: 'x' })}\n`;
    expect(stepRows(out).map((r) => r.subscribers)).toEqual([5]);
  });

  it('passes every option but its own on to each run', () => {
    expect(passThrough(['--compare-srtp', '--subscribers', '300', '--ramp=200,400', '--engine', 'mediasoup', '--rounds', '3', '--no-pin', '--window', '30'])).toEqual([
      '--engine',
      'mediasoup',
      '--no-pin',
      '--window',
      '30',
    ]);
  });

  it("reads the engine's SRTP library from the server's /metrics", () => {
    const text = [
      '# HELP classroom_sfu_srtp_library_info SRTP library',
      '# TYPE classroom_sfu_srtp_library_info gauge',
      'classroom_sfu_srtp_library_info{engine="other",library="openssl"} 1',
      'classroom_sfu_srtp_library_info{engine="mediasoup",library="system"} 1',
    ].join('\n');
    expect(reportedSrtpLibrary(text, 'other')).toBe('openssl');
    expect(reportedSrtpLibrary(text, 'mediasoup')).toBe('system');
    expect(reportedSrtpLibrary('', 'mediasoup')).toBeUndefined();
  });
});

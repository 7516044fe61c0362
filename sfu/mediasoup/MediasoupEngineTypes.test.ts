import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/index.js';
import { resolveMediasoupOptions } from './MediasoupEngineTypes.js';

const host = { externalIpv4: () => '192.0.2.7' };

describe('mediasoup engine options', () => {
  it('resolveMediasoupOptions() applies the documented defaults', () => {
    const o = resolveMediasoupOptions({ workerBin: '/w' }, host);
    expect(o).toEqual({
      workerBin: '/w',
      srtpLibrary: 'auto',
      workers: availableParallelism(),
      listenIp: '0.0.0.0',
      announcedAddress: '192.0.2.7',
      port: 40000,
      maxIncomingBitrateBps: 2_000_000,
      initialOutgoingBitrateBps: 300_000,
      transportWideCc: true,
      talking: { thresholdDb: -50, intervalMs: 1_000 },
      activeSpeakerIntervalMs: 300,
      workerLogLevel: 'warn',
      socketBufferBytes: 4 * 1024 * 1024,
      workerCapacity: 600,
      workerCpuLimit: 0.85,
      loadSampleMs: 2_000,
      recreateWaitMs: 10_000,
      startTimeoutMs: 15_000,
      stopTimeoutMs: 3_000,
      restartBackoff: { initialMs: 200, maxMs: 5_000, factor: 2, stableAfterMs: 30_000 },
    });
  });

  it('announces the listen address when it names one interface, else the public address given', () => {
    expect(resolveMediasoupOptions({ workerBin: '/w', listenIp: '10.0.0.5' }, host).announcedAddress).toBe('10.0.0.5');
    expect(resolveMediasoupOptions({ workerBin: '/w', listenIp: '10.0.0.5', announcedAddress: '203.0.113.10' }, host).announcedAddress).toBe('203.0.113.10');
    expect(resolveMediasoupOptions({ workerBin: '/w', announcedAddress: 'media.truong.edu.vn' }, host).announcedAddress).toBe('media.truong.edu.vn');
    expect(() => resolveMediasoupOptions({ workerBin: '/w' }, { externalIpv4: () => undefined })).toThrow(/announcedAddress/);
  });

  it('needs the worker binary found by MediasoupEngine.start() (workerForEngine: option, MEDIASOUP_WORKER_BIN, build cache)', () => {
    expect(() => resolveMediasoupOptions({}, host)).toThrow(/workerBin/);
  });

  it.each([
    [{ workers: 0 }, /workers/],
    [{ listenIp: 'eth0' }, /listenIp/],
    [{ announcedAddress: 'a b' }, /announcedAddress/],
    [{ port: 80 }, /port/],
    [{ port: 65535, workers: 2 }, /port \+ workers/],
    [{ maxIncomingBitrateBps: 1000 }, /maxIncomingBitrateBps/],
    [{ talking: { thresholdDb: 3 } }, /talking.thresholdDb/],
    [{ workerLogLevel: 'loud' as 'warn' }, /workerLogLevel/],
    [{ socketBufferBytes: -1 }, /socketBufferBytes/],
    [{ socketBufferBytes: 1.5 }, /socketBufferBytes/],
    [{ workerBin: '' }, /workerBin/],
    [{ srtpLibrary: 'nss' as 'system' }, /srtpLibrary/],
    [{ workerCapacity: 0 }, /workerCapacity/],
    [{ workerCpuLimit: 0 }, /workerCpuLimit/],
    [{ loadSampleMs: 10 }, /loadSampleMs/],
  ])('refuses bad option %#', (options, message) => {
    const o = { workerBin: '/w', ...options };
    expect(() => resolveMediasoupOptions(o, host)).toThrow(ValidationError);
    expect(() => resolveMediasoupOptions(o, host)).toThrow(message);
  });
});

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../platform/index.js';
import { resolveJanusOptions } from './JanusMediaEngineTypes.js';

describe('engine options', () => {
  it('resolveJanusOptions() applies the documented defaults', () => {
    const o = resolveJanusOptions({ runtimeDir: '/run/sfu' });
    expect(o).toMatchObject({
      janusBinary: '/usr/bin/janus',
      janusLibDir: '/usr/lib/x86_64-linux-gnu/janus',
      instances: availableParallelism(),
      eventLoops: 1,
      rtpPortRange: { min: 20000, max: 40000 },
      iceEnforceList: [],
      iceIgnoreList: ['vmnet'],
      publicIp: undefined,
      stunServer: undefined,
      iceTcp: false,
      roomBitrateBps: 2_000_000,
      transportWideCc: false,
      requestTimeoutMs: 10_000,
      recreateWaitMs: 10_000,
      restartBackoff: { initialMs: 200, maxMs: 5_000, factor: 2, stableAfterMs: 30_000 },
      talking: { levelThreshold: 25, packets: 50 },
      srtpLibrary: 'auto',
    });
  });

  it('accepts lists as arrays or comma-separated strings', () => {
    expect(resolveJanusOptions({ runtimeDir: '/r', iceEnforceList: ['eth0', 'wlan0'] }).iceEnforceList).toEqual(['eth0', 'wlan0']);
    expect(resolveJanusOptions({ runtimeDir: '/r', iceEnforceList: ' eth0 ,wlan0,' }).iceEnforceList).toEqual(['eth0', 'wlan0']);
    expect(resolveJanusOptions({ runtimeDir: '/r', stunServer: 'stun.l.google.com:19302' }).stunServer).toEqual({ host: 'stun.l.google.com', port: 19302 });
  });

  it.each([
    [{ runtimeDir: '' }, /runtimeDir/],
    [{ runtimeDir: '/r', instances: 0 }, /instances/],
    [{ runtimeDir: '/r', rtpPortRange: [30000, 20000] as const }, /rtpPortRange/],
    [{ runtimeDir: '/r', rtpPortRange: [80, 2000] as const }, /rtpPortRange/],
    [{ runtimeDir: '/r', stunServer: 'no-port' }, /stunServer/],
    [{ runtimeDir: '/r', janusLogLevel: 9 }, /janusLogLevel/],
    [{ runtimeDir: '/r', roomBitrateBps: 1000 }, /roomBitrateBps/],
    [{ runtimeDir: '/r', srtpLibrary: 'nss' as 'system' }, /srtpLibrary/],
  ])('refuses bad option %#', (options, message) => {
    expect(() => resolveJanusOptions(options)).toThrow(ValidationError);
    expect(() => resolveJanusOptions(options)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { clusterConfig } from './nodes.js';

describe('bench:fanout --nodes 2: the config of each node', () => {
  const base = {
    linkSecret: 'x'.repeat(32),
    mediaInterface: '127.0.0.1',
    extraConfig: { metrics: { port: -1, token: 't' }, media: { srtpLibrary: 'auto', mediasoup: { workerCapacity: 40 } } },
  };
  const postgres = { connectionString: 'postgres://postgres@127.0.0.1:5999/postgres', schema: 's1' };

  it('makes both nodes one deployment: same storage and bus, their own ids, edges piping on the media address', () => {
    const one = clusterConfig(base, 'node-1', postgres, 'redis://127.0.0.1:6999');
    const two = clusterConfig(base, 'node-2', postgres, 'redis://127.0.0.1:6999');
    expect(one.node).toEqual({ id: 'node-1' });
    expect(two.node).toEqual({ id: 'node-2' });
    expect(one.storage).toEqual({ engine: 'postgres', postgres });
    expect(two.storage).toEqual(one.storage);
    expect(two.cluster).toEqual({ redisUrl: 'redis://127.0.0.1:6999' });
    expect((one.media as Record<string, unknown>).edges).toEqual({ enabled: true, pipeIp: '127.0.0.1' });
  });

  it("keeps the bench's own settings: a worker's capacity (where a lesson spills over), the SRTP library, /metrics", () => {
    const one = clusterConfig(base, 'node-1', postgres, 'redis://127.0.0.1:6999');
    expect(one.metrics).toEqual({ port: -1, token: 't' });
    expect(one.media).toMatchObject({ srtpLibrary: 'auto', mediasoup: { workerCapacity: 40 } });
  });
});

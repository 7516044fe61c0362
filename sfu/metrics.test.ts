import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../platform/index.js';
import { SfuMetrics } from './metrics.js';

describe('sfu metrics', () => {
  it('record what happened on the registry passed in', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const m = new SfuMetrics(registry);
    m.instanceCameUp();
    m.instanceCameUp();
    m.instanceWentDown();
    m.instanceRestarted('janus-1');
    m.roomOpened();
    m.peerJoined();
    m.peerJoined();
    m.peerLeft();
    m.requestFinished('configure', 0.004, true);
    const text = await registry.metrics();
    expect(text).toMatch(/^classroom_sfu_instances_up 1$/m);
    expect(text).toMatch(/^classroom_sfu_instance_restarts_total\{instance="janus-1"\} 1$/m);
    expect(text).toMatch(/^classroom_sfu_rooms 1$/m);
    expect(text).toMatch(/^classroom_sfu_peers 1$/m);
    expect(text).toMatch(/^classroom_sfu_request_duration_seconds_count\{request="configure",outcome="ok"\} 1$/m);
  });
});

import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../platform/index.js';
import { NodeMediaMetrics, SfuMetrics } from './metrics.js';

describe('sfu metrics', () => {
  it('record what happened on the registry passed in', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const m = new SfuMetrics(registry);
    m.instanceCameUp();
    m.instanceCameUp();
    m.instanceWentDown();
    m.instanceRestarted('worker-1');
    m.roomOpened();
    m.peerJoined();
    m.peerJoined();
    m.peerLeft();
    m.requestFinished('configure', 0.004, true);
    const text = await registry.metrics();
    expect(text).toMatch(/^classroom_sfu_instances_up 1$/m);
    expect(text).toMatch(/^classroom_sfu_instance_restarts_total\{instance="worker-1"\} 1$/m);
    expect(text).toMatch(/^classroom_sfu_rooms 1$/m);
    expect(text).toMatch(/^classroom_sfu_peers 1$/m);
    expect(text).toMatch(/^classroom_sfu_request_duration_seconds_count\{request="configure",outcome="ok"\} 1$/m);
  });
});

describe('sfu metrics of mediasoup', () => {
  it('count resources and the CPU seconds of worker processes, across a restart', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const m = new SfuMetrics(registry);
    m.resourceOpened('transport');
    m.resourceOpened('transport');
    m.resourceClosed('transport');
    m.resourceOpened('consumer');
    let samples = [{ worker: 'mediasoup-0', pid: 10, cpuSeconds: 1.5 }];
    m.watchWorkerCpu(() => Promise.resolve(samples));
    expect(await registry.metrics()).toMatch(/^classroom_sfu_worker_cpu_seconds_total\{worker="mediasoup-0"\} 1.5$/m);
    samples = [{ worker: 'mediasoup-0', pid: 10, cpuSeconds: 2 }];
    expect(await registry.metrics()).toMatch(/^classroom_sfu_worker_cpu_seconds_total\{worker="mediasoup-0"\} 2$/m);
    samples = [{ worker: 'mediasoup-0', pid: 11, cpuSeconds: 0.25 }]; // restarted
    const text = await registry.metrics();
    expect(text).toMatch(/^classroom_sfu_worker_cpu_seconds_total\{worker="mediasoup-0"\} 2.25$/m);
    expect(text).toMatch(/^classroom_sfu_transports 1$/m);
    expect(text).toMatch(/^classroom_sfu_consumers 1$/m);
    expect(text).toMatch(/^classroom_sfu_producers 0$/m);
  });
});

describe('metrics of a lesson over several nodes', () => {
  it('count refused messages by wire and reason (every series there from 0) and read pipes and edge rooms at each scrape', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    const m = new NodeMediaMetrics(registry);
    let held = { edge: 1, origin: 2, rooms: 1, peers: 3 };
    m.watchNodePipes(() => held);
    m.watchEdgeRooms(() => held);
    m.messageRejected('room', 'forged');
    m.messageRejected('room', 'forged');
    m.messageRejected('pipe', 'replayed');
    let text = await registry.metrics();
    expect(text).toMatch(/^classroom_sfu_node_messages_rejected_total\{wire="room",reason="forged"\} 2$/m);
    expect(text).toMatch(/^classroom_sfu_node_messages_rejected_total\{wire="pipe",reason="replayed"\} 1$/m);
    expect(text).toMatch(/^classroom_sfu_node_messages_rejected_total\{wire="pipe",reason="stale"\} 0$/m);
    expect(text).toMatch(/^classroom_sfu_node_pipes\{role="origin"\} 2$/m);
    expect(text).toMatch(/^classroom_sfu_edge_peers 3$/m);
    held = { edge: 0, origin: 0, rooms: 0, peers: 0 };
    text = await registry.metrics();
    expect(text).toMatch(/^classroom_sfu_node_pipes\{role="edge"\} 0$/m);
    expect(text).toMatch(/^classroom_sfu_edge_rooms 0$/m);
  });
});

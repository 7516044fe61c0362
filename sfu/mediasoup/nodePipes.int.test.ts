/**
 * One room over two nodes (docs/cluster.md "One lesson over several nodes"): the owner node (this
 * process: engine, NodePipes, the teacher and a subscriber) and an edge node in another process
 * (testkit/pipeEdgeNode.ts: its own engine, NodePipes and a subscriber "far"), the offer/answer
 * exchanged over the bus in a real Redis, the media over a PipeTransport pair on loopback with
 * SRTP. Real mediasoup workers, real mediasoup-client peers on wrtc that decode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCluster, type Cluster } from '../../cluster/index.js';
import { cluster as wire } from '../../proto/cluster/index.js';
import { alive, startTestMediasoupEngine, type TestMediasoupEngine } from '../../testkit/mediasoupEngine.js';
import { syntheticVideo, waitFor, type StreamCounters } from '../../testkit/mediaSources.js';
import { startPipeEdgeNode, type PipeEdgeNode } from '../../testkit/pipeEdgeNode.js';
import { startRedis, type TestRedis } from '../../testkit/redis.js';
import { TransportPeer } from '../../testkit/transportPeer.js';
import type { MediaRoom, StreamRef } from '../index.js';
import { createMetricsRegistry } from '../../platform/index.js';
import { sampleOf } from '../../testkit/metricsText.js';
import { NodeMediaMetrics } from '../metrics.js';
import { RELEASE_AFTER_MS } from './EdgePipe.js';
import { NodePipes } from './NodePipes.js';
import { PipeWire, pipeChannel } from './nodePipeWire.js';

const SECRET = 'node-pipe-test-secret-0123456789abcdef';
const ROOM = 'assembly';
const MIC: StreamRef = { peerId: 'teacher', label: 'microphone' };
const CAM: StreamRef = { peerId: 'teacher', label: 'camera' };
const SCREEN: StreamRef = { peerId: 'teacher', label: 'screen' };
const REFUSED = 'classroom_sfu_node_messages_rejected_total';
const REASONS = ['forged', 'stale', 'oversized', 'malformed', 'replayed', 'misaddressed'];
/** The owner node's metrics (the refusals it counts). */
const registry = createMetricsRegistry({ processMetrics: false });

interface EdgeState {
  streams: string[];
  receiving: string[];
  piped: number;
  producerIds: Record<string, string>;
  rejected: number;
  pipeEvents: string[];
  workerPids: number[];
  errors: string[];
}

describe('node-to-node pipe: one room over two nodes', () => {
  let redis: TestRedis;
  let ownerCluster: Cluster;
  let t: TestMediasoupEngine;
  let pipes: NodePipes;
  let room: MediaRoom;
  let teacher: TransportPeer;
  let near: TransportPeer;
  let edge: PipeEdgeNode;
  let edgeWorkers: number[] = [];
  let keyPrefix = '';
  const state = () => edge.call<EdgeState>('state');
  const flowingAtEdge = (ref: StreamRef, timeoutMs = 15_000) => edge.call<StreamCounters>('waitFlowing', { ref, timeoutMs });

  beforeAll(async () => {
    redis = await startRedis();
    keyPrefix = redis.newPrefix();
    ownerCluster = await createRedisCluster({ url: redis.url, keyPrefix });
    t = await startTestMediasoupEngine();
    pipes = new NodePipes({ engine: t.engine, bus: ownerCluster.bus, nodeId: 'node-owner', secret: SECRET, listenIp: '127.0.0.1', metrics: new NodeMediaMetrics(registry) });
    await pipes.start();
    room = await t.engine.createRoom(ROOM);
    teacher = new TransportPeer(room, 'teacher');
    await teacher.publish({ width: 640, height: 360 });
    await room.setSubscriptions('near', [MIC, CAM, SCREEN]);
    near = new TransportPeer(room, 'near');
    await near.receive();
    edge = await startPipeEdgeNode({ REDIS_URL: redis.url, KEY_PREFIX: keyPrefix, SECRET, NODE_ID: 'node-edge', OWNER: 'node-owner', ROOM });
  }, 60_000);

  afterAll(async () => {
    teacher?.close();
    near?.close();
    await edge?.kill();
    await pipes?.close();
    const pids = t?.pids() ?? [];
    await t?.dispose();
    await ownerCluster?.close();
    await redis?.stop();
    expect(alive([...pids, ...edgeWorkers])).toEqual([]);
  });

  it('a subscriber on the edge decodes the teacher published on the owner; each stream crosses once, under its producer id', async () => {
    const startedAt = Date.now();
    await edge.call('subscribe', { refs: [MIC, CAM, SCREEN] });
    await edge.call('pipe');
    await flowingAtEdge(MIC);
    const cam = await flowingAtEdge(CAM);
    expect(cam.width).toBe(640);
    console.info(`node pipe: edge subscriber decoding ${Date.now() - startedAt} ms after the offer`);
    const s = await state();
    expect(s.streams).toEqual(['teacher/microphone', 'teacher/camera']);
    expect(s.piped).toBe(2);
    expect(pipes.originPipes()).toEqual([{ room: ROOM, edgeNode: 'node-edge', streams: 2 }]);
    // The same producer ids on both nodes: what a client is told on one node holds on the other.
    const ownerIds = Object.fromEntries((t.engine.mediasoupRoom(ROOM)?.localStreams() ?? []).map((x) => [`${x.peerId}/${x.label}`, x.producerId]));
    expect(Object.keys(ownerIds)).toHaveLength(2);
    expect(s.producerIds).toEqual(ownerIds);
    await near.waitFlowing(CAM);
    edgeWorkers = s.workerPids;
    expect(s.errors).toEqual([]);
  });

  it('a stream added later crosses once the edge wants it, and stops crossing when nobody there wants it; pause and resume are forwarded; its end too', async () => {
    // On demand: nobody on the edge wants the share yet, so it is listed but not piped.
    await edge.call('subscribe', { refs: [MIC, CAM] });
    await teacher.produce('screen', syntheticVideo(480, 270, 10));
    await near.waitFlowing(SCREEN);
    await new Promise((r) => setTimeout(r, 2_500)); // two of the edge's 1 s ticks, and the owner's answer
    expect((await state()).piped).toBe(2);
    expect(pipes.originPipes()[0]?.streams).toBe(2);
    await edge.call('subscribe', { refs: [MIC, CAM, SCREEN] });
    await flowingAtEdge(SCREEN);
    await near.waitFlowing(SCREEN);
    expect((await state()).piped).toBe(3);

    // Server mute on the owner: the piped copy stops too; unmuted, the edge decodes again.
    await room.setStreamEnabled(CAM, false);
    await new Promise((r) => setTimeout(r, 800));
    const before = (await edge.call<Record<string, StreamCounters>>('counters'))['teacher/camera']?.packets ?? 0;
    await new Promise((r) => setTimeout(r, 1_500));
    const after = (await edge.call<Record<string, StreamCounters>>('counters'))['teacher/camera']?.packets ?? 0;
    expect(after - before).toBeLessThanOrEqual(2);
    await room.setStreamEnabled(CAM, true);
    await flowingAtEdge(CAM);

    // Nobody on the edge wants the share any more: after RELEASE_AFTER_MS it stops crossing (both
    // ends count 2 streams); wanted again, it comes back.
    const droppedAt = Date.now();
    await edge.call('subscribe', { refs: [MIC, CAM] });
    await waitFor('the share let go', async () => ((await state()).piped === 2 && pipes.originPipes()[0]?.streams === 2 ? true : undefined), RELEASE_AFTER_MS + 8_000);
    const releasedMs = Date.now() - droppedAt;
    expect(releasedMs).toBeGreaterThanOrEqual(RELEASE_AFTER_MS - 500);
    // The edge asks when the subscription changes, not at its next 1 s tick: the owner pipes the
    // share again within a tick (measured ~0.1 s on the busy box; 0.6–1.0 s when asked at the tick).
    const wantedAt = Date.now();
    await edge.call('subscribe', { refs: [MIC, CAM, SCREEN] });
    await waitFor('the owner to pipe the share again', () => pipes.originPipes()[0]?.streams === 3, 1_000);
    const askedMs = Date.now() - wantedAt;
    await flowingAtEdge(SCREEN);
    console.info(`node pipe: a share nobody on the edge wanted let go after ${releasedMs} ms; wanted again, piped by the owner ${askedMs} ms later, decoding ${Date.now() - wantedAt} ms later`);

    await teacher.unpublish('screen');
    await waitFor('the share gone on the edge', async () => !(await state()).streams.includes('teacher/screen'), 10_000);
    expect((await state()).receiving).toEqual(['teacher/camera', 'teacher/microphone']);
    expect((await state()).pipeEvents).toEqual(['up: connected']);
  }, 60_000);

  it('a forged, stale or replayed offer is refused: no pipe is made, nothing is answered', async () => {
    // Whoever can publish on the deployment's Redis, without its secret.
    const spy = await createRedisCluster({ url: redis.url, keyPrefix });
    const before = pipes.rejected;
    const countedBefore = await registry.metrics();
    const answers: Uint8Array[] = [];
    // The attacker's would-be edge listens for an answer that must never come.
    await ownerCluster.bus.subscribe(pipeChannel('node-evil'), (p) => void answers.push(p));
    const offer = { offer: { tuple: { ip: '127.0.0.1', port: 9 }, srtp: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: 'a'.repeat(40) } } };
    const forged = new PipeWire({ nodeId: 'node-evil', secret: 'not-the-deployment-secret-0123456789' }).seal('node-owner', ROOM, 'pipe-evil', offer);
    const staleWire = new PipeWire({ nodeId: 'node-evil', secret: SECRET, clock: { now: () => Date.now() - 60_000 } });
    const stale = staleWire.seal('node-owner', ROOM, 'pipe-stale', offer);
    const genuine = new PipeWire({ nodeId: 'node-evil', secret: SECRET }).seal('node-owner', 'no-such-room', 'pipe-replayed', offer);
    // A genuine message whose body was altered after signing.
    const signed = wire.v1.SignedPipeMessage.decode(genuine);
    const altered = wire.v1.SignedPipeMessage.encode({ body: Uint8Array.from(signed.body, (b, i) => (i === 5 ? b ^ 1 : b)), mac: signed.mac }).finish();
    for (const payload of [forged, stale, altered, new Uint8Array(20_000), Uint8Array.of(1, 2, 3)]) await spy.bus.publish(pipeChannel('node-owner'), payload);
    await waitFor('five dropped', () => pipes.rejected === before + 5, 5_000);
    expect(pipes.originPipes()).toHaveLength(1);
    expect(answers).toHaveLength(0);
    // The genuine one is answered (a refusal: no such room), its replay is dropped.
    await spy.bus.publish(pipeChannel('node-owner'), genuine);
    await waitFor('the genuine offer answered', () => answers.length === 1, 5_000);
    await spy.bus.publish(pipeChannel('node-owner'), genuine);
    await waitFor('its replay dropped', () => pipes.rejected === before + 6, 5_000);
    expect(answers).toHaveLength(1);
    expect(pipes.originPipes()).toHaveLength(1);
    // What an operator sees: each refusal counted under its kind, and the one pipe still open.
    const text = await registry.metrics();
    expect(REASONS.map((reason) => (sampleOf(text, REFUSED, { wire: 'pipe', reason }) ?? 0) - (sampleOf(countedBefore, REFUSED, { wire: 'pipe', reason }) ?? 0))).toEqual([2, 1, 1, 1, 1, 0]);
    expect(sampleOf(text, 'classroom_sfu_node_pipes', { role: 'origin' })).toBe(1);
    await spy.close();
  });

  it('killing the edge process leaves the owner and its subscribers untouched; the owner drops the dead pipe', async () => {
    expect(edgeWorkers.length).toBeGreaterThan(0);
    await edge.kill();
    await near.waitFlowing(CAM);
    await near.waitFlowing(MIC);
    // Nothing answers the owner's packets any more: no RTCP for 5 s closes its end.
    await waitFor('the owner closed the pipe to the dead edge', () => pipes.originPipes().length === 0, 15_000);
    await near.waitFlowing(CAM);
    expect(room.streams().map((s) => s.label)).toEqual(['microphone', 'camera']);
    expect([near.errors, teacher.errors]).toEqual([[], []]);
    await waitFor('the edge workers exited with their node', () => alive(edgeWorkers).length === 0, 10_000);
  });
});

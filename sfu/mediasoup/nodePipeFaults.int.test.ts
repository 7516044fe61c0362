/**
 * Node-to-node pipes when the other side fails (docs/cluster.md "One lesson over several
 * nodes"): an offer nobody answers is abandoned after the answer timeout and made again; a pipe
 * whose RTP stops (the owner's end gone, its close lost) is closed after the silence limit and
 * re-offered, and media comes back. Two engines in this process on the in-memory bus (the Redis
 * bus and two processes: nodePipes.int.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryClusterState, createInMemoryCluster, type Cluster, type MessageBus } from '../../cluster/index.js';
import { alive, startTestMediasoupEngine, type TestMediasoupEngine } from '../../testkit/mediasoupEngine.js';
import { waitFor } from '../../testkit/mediaSources.js';
import { TransportPeer } from '../../testkit/transportPeer.js';
import type { StreamRef } from '../index.js';
import { NodePipes } from './NodePipes.js';
import { PipeWire, pipeChannel } from './nodePipeWire.js';

const SECRET = 'node-pipe-faults-secret-0123456789abcdef';
const CAM: StreamRef = { peerId: 'teacher', label: 'camera' };

/** A bus whose outgoing messages can be cut (a node whose messages are lost). */
function cuttable(bus: MessageBus): MessageBus & { cut: boolean } {
  const b = {
    cut: false,
    publish: (channel: string, payload: Uint8Array) => (b.cut ? Promise.resolve(1) : bus.publish(channel, payload)),
    subscribe: bus.subscribe.bind(bus),
  };
  return b;
}

describe('node-to-node pipe faults', () => {
  const state = new InMemoryClusterState();
  let clusters: Cluster[] = [];
  let owner: TestMediasoupEngine;
  let edge: TestMediasoupEngine;
  const closers: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    clusters = [await createInMemoryCluster({ state }), await createInMemoryCluster({ state })];
    owner = await startTestMediasoupEngine();
    edge = await startTestMediasoupEngine();
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    const pids = [...owner.pids(), ...edge.pids()];
    await owner.dispose();
    await edge.dispose();
    for (const c of clusters) await c.close();
    expect(alive(pids)).toEqual([]);
  });

  it('an offer nobody answers is abandoned after the answer timeout and made again, signed each time', async () => {
    const offers: string[] = [];
    const silent = new PipeWire({ nodeId: 'node-silent', secret: SECRET });
    // A node that receives offers and never answers.
    const unsubscribe = await clusters[0]!.bus.subscribe(pipeChannel('node-silent'), (payload) => {
      const m = silent.open(payload);
      offers.push(typeof m === 'string' ? `dropped: ${m}` : `${m.kind} ${m.pipeId}`);
    });
    closers.push(unsubscribe);
    const pipes = new NodePipes({ engine: edge.engine, bus: clusters[1]!.bus, nodeId: 'node-edge', secret: SECRET, listenIp: '127.0.0.1', answerTimeoutMs: 400 });
    closers.push(() => pipes.close());
    await pipes.start();
    const downs: string[] = [];
    pipes.on('edgePipe', (_room, up, why) => !up && downs.push(why));
    const room = await edge.engine.createRoom('unanswered');
    closers.push(() => room.close());
    pipes.pipeFrom('unanswered', 'node-silent');
    await waitFor('two offers', () => offers.filter((o) => o.startsWith('offer')).length >= 2, 6_000);
    // Every message verified (signed for this node); each attempt a new pipe, the abandoned one
    // closed and said so to the (silent) owner.
    expect(offers.filter((o) => !/^(offer|close) pipe/.test(o))).toEqual([]);
    const [first, second] = offers.filter((o) => o.startsWith('offer')).map((o) => o.split(' ')[1]);
    expect(second).not.toBe(first);
    expect(offers.indexOf(`close ${first}`)).toBeGreaterThan(offers.indexOf(`offer ${first}`));
    expect(downs[0]).toMatch(/timed out|pipe answer/i);
    expect(room.streams()).toEqual([]);
    pipes.stopPiping('unanswered');
  });

  it('a pipe whose RTP stops is closed after the silence limit and offered again; media comes back', async () => {
    const ownerBus = cuttable(clusters[0]!.bus);
    const ownerPipes = () => new NodePipes({ engine: owner.engine, bus: ownerBus, nodeId: 'node-owner', secret: SECRET, listenIp: '127.0.0.1', silenceMs: 60_000 });
    let origin = ownerPipes();
    await origin.start();
    const room = await owner.engine.createRoom('lesson');
    const teacher = new TransportPeer(room, 'teacher');
    closers.push(() => teacher.close());
    await teacher.publish({ audio: false });

    const edgePipes = new NodePipes({ engine: edge.engine, bus: clusters[1]!.bus, nodeId: 'node-edge', secret: SECRET, listenIp: '127.0.0.1', silenceMs: 2_000 });
    closers.push(() => edgePipes.close());
    await edgePipes.start();
    const events: string[] = [];
    edgePipes.on('edgePipe', (_room, up, why) => events.push(`${up ? 'up' : 'down'}: ${why}`));
    const edgeRoom = await edge.engine.createRoom('lesson');
    await edgeRoom.setSubscriptions('far', [CAM]);
    const far = new TransportPeer(edgeRoom, 'far');
    closers.push(() => far.close());
    await far.receive();
    edgePipes.pipeFrom('lesson', 'node-owner');
    await far.waitFlowing(CAM, 15_000);

    // The owner's end goes and its close never reaches the edge (a lost message): the RTP stops.
    ownerBus.cut = true;
    await origin.close();
    const stoppedAt = Date.now();
    ownerBus.cut = false;
    origin = ownerPipes();
    closers.push(() => origin.close());
    await origin.start();
    await waitFor('the silent pipe closed', () => events.some((e) => e.startsWith('down: no RTP')), 10_000);
    const detectedMs = Date.now() - stoppedAt;
    await far.waitFlowing(CAM, 20_000);
    console.info(`node pipe: RTP stopped, detected after ${detectedMs} ms (limit 2000), edge decoding again after ${Date.now() - stoppedAt} ms`);
    expect(detectedMs).toBeGreaterThanOrEqual(1_900);
    expect(events.filter((e) => e === 'up: connected')).toHaveLength(2);
    expect(far.errors).toEqual([]);
    await room.close();
  });
});

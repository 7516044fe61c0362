/**
 * The cost of one node-to-node pipe hop (docs/cluster.md "One lesson over several nodes"): two
 * engines (the owner and an edge, each its own mediasoup worker process), NodePipes over an
 * in-memory bus, one teacher (mediasoup-client on wrtc) publishing a camera and a voice on the
 * owner. Prints one JSON line:
 *
 * - latency: the same RTP packet of the camera tapped (plain RTP to a local UDP port) on the
 *   owner and, behind the pipe (SRTP over UDP loopback), on the edge; the edge's arrival minus
 *   the owner's, p50/p95 over the packets both saw (same clock: one process receives both);
 * - CPU: each worker's CPU time (/proc/<pid>/stat) over the window, first without the pipe, then
 *   with it: the owner's extra per piped stream (pipe consumer, SRTP encryption, sending) and the
 *   edge's per piped stream (receiving, decryption, pipe producer; its camera tap included).
 *
 * Usage: npm run bench:nodepipe -- [--seconds 10]. Small and indicative: the teacher's encoder
 * and the engines share the machine's cores (say so with any figure).
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InMemoryClusterState, createInMemoryCluster } from '../cluster/index.js';
import { NodePipes, type StreamRef } from '../sfu/index.js';
import { startTestMediasoupEngine } from '../testkit/mediasoupEngine.js';
import { waitFor } from '../testkit/mediaSources.js';
import { TransportPeer } from '../testkit/transportPeer.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const SECRET = 'bench-node-pipe-secret-0123456789abcdef';
const CAM: StreamRef = { peerId: 'teacher', label: 'camera' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TICKS = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
}

/** RTP packets arriving on a UDP port, by a hash of their payload (the same bytes on both taps). */
function listen(): Promise<{ socket: Socket; port: number; arrivals: Map<string, number>; bytes: { n: number } }> {
  const socket = createSocket('udp4');
  const arrivals = new Map<string, number>();
  const bytes = { n: 0 };
  socket.on('message', (msg) => {
    bytes.n += msg.length;
    const at = performance.now();
    const pt = msg[1]! & 0x7f;
    if (msg.length < 24 || (pt >= 72 && pt <= 76)) return; // RTCP (multiplexed: 200-204)
    const header = 12 + 4 * (msg[0]! & 0x0f);
    // Skip the VP8 payload descriptor (a consumer may rewrite its picture id): hash the frame bytes.
    const key = createHash('sha1').update(msg.subarray(header + 6)).digest('base64');
    if (!arrivals.has(key)) arrivals.set(key, at);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port, arrivals, bytes })));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100 : null;
};

async function main(): Promise<void> {
  const state = new InMemoryClusterState();
  const [busA, busB] = [await createInMemoryCluster({ state }), await createInMemoryCluster({ state })];
  const owner = await startTestMediasoupEngine();
  const edge = await startTestMediasoupEngine();
  const ownerPipes = new NodePipes({ engine: owner.engine, bus: busA.bus, nodeId: 'owner', secret: SECRET, listenIp: '127.0.0.1' });
  const edgePipes = new NodePipes({ engine: edge.engine, bus: busB.bus, nodeId: 'edge', secret: SECRET, listenIp: '127.0.0.1' });
  await ownerPipes.start();
  await edgePipes.start();
  const room = await owner.engine.createRoom('bench');
  const teacher = new TransportPeer(room, 'teacher');
  await teacher.publish({ width: 640, height: 360, fps: 25 });
  const ownerPid = owner.pids()[0] ?? 0;
  const edgePid = edge.pids()[0] ?? 0;
  await sleep(3_000); // the encoder ramps up

  const window = async () => {
    const o = cpuSeconds(ownerPid);
    const e = cpuSeconds(edgePid);
    await sleep(seconds * 1_000);
    return { owner: (cpuSeconds(ownerPid) - o) / seconds, edge: (cpuSeconds(edgePid) - e) / seconds };
  };
  const before = await window();

  const edgeRoom = await edge.engine.createRoom('bench');
  edgePipes.pipeFrom('bench', 'owner');
  await waitFor('both streams piped', () => edgeRoom.streams().length === 2, 15_000);
  const a = await listen();
  const b = await listen();
  const tapA = await room.tap(CAM, { port: a.port });
  const tapB = await edgeRoom.tap(CAM, { port: b.port });
  await tapA.start();
  await tapB.start();
  await sleep(2_000);
  a.arrivals.clear();
  b.arrivals.clear();
  a.bytes.n = 0;
  const during = await window();
  const hop: number[] = [];
  for (const [key, at] of b.arrivals) {
    const direct = a.arrivals.get(key);
    if (direct !== undefined) hop.push(at - direct);
  }
  const streams = ownerPipes.originPipes()[0]?.streams ?? 0;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      seconds,
      pipedStreams: streams,
      packetsMatched: hop.length,
      packetsOwnerTap: a.arrivals.size,
      cameraKbps: Math.round((a.bytes.n * 8) / seconds / 1000),
      hopP50Ms: pct(hop, 50),
      hopP95Ms: pct(hop, 95),
      ownerCoreBefore: r3(before.owner),
      ownerCoreWithPipe: r3(during.owner),
      ownerExtraCorePerStream: streams ? r3((during.owner - before.owner) / streams) : null,
      edgeCorePerStream: streams ? r3(during.edge / streams) : null,
      cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown',
    }),
  );
  tapA.close();
  tapB.close();
  a.socket.close();
  b.socket.close();
  teacher.close();
  await edgePipes.close();
  await ownerPipes.close();
  await edge.dispose();
  await owner.dispose();
  await busA.close();
  await busB.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

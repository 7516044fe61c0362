/**
 * An edge node for node-to-node pipe tests, in a process of its own (so a test can SIGKILL it
 * like a crashed node): a mediasoup engine, the cluster bus on the test's Redis, NodePipes
 * piping room ROOM from node OWNER into a room of the same id here, and one receiving test peer
 * ("far", mediasoup-client on wrtc) that the test drives over the IPC channel.
 *
 * Started by `startPipeEdgeNode()` (fork with tsx); env: REDIS_URL, KEY_PREFIX, SECRET, NODE_ID,
 * OWNER, ROOM. Answers `{ id, cmd, ... }` messages with `{ id, ok, value | error }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRedisCluster } from '../cluster/index.js';
import { NodePipes, type StreamRef } from '../sfu/index.js';
import { startTestMediasoupEngine } from './mediasoupEngine.js';
import { TransportPeer } from './transportPeer.js';

export interface PipeEdgeNode {
  readonly pid: number;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Forks the edge node and resolves once it pipes (or tries to pipe) ROOM from OWNER. */
export async function startPipeEdgeNode(env: { REDIS_URL: string; KEY_PREFIX: string; SECRET: string; NODE_ID: string; OWNER: string; ROOM: string }): Promise<PipeEdgeNode> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env, PIPE_EDGE_CHILD: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p || m.id === undefined) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error('the edge node exited'));
    pending.clear();
  });
  const node: PipeEdgeNode = {
    pid: child.pid ?? 0,
    call: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, ...args });
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await node.call('ready');
  return node;
}

async function runChild(): Promise<void> {
  const env = process.env as Record<string, string>;
  const cluster = await createRedisCluster({ url: env.REDIS_URL, keyPrefix: env.KEY_PREFIX });
  const t = await startTestMediasoupEngine();
  const pipes = new NodePipes({ engine: t.engine, bus: cluster.bus, nodeId: env.NODE_ID ?? '', secret: env.SECRET ?? '', listenIp: '127.0.0.1' });
  await pipes.start();
  const room = await t.engine.createRoom(env.ROOM ?? '');
  const ups: string[] = [];
  pipes.on('edgePipe', (_room, up, why) => ups.push(`${up ? 'up' : 'down'}: ${why}`));
  let far: TransportPeer | undefined;
  // The producer id each stream is received under here (consumers announced to "far").
  const producerIds: Record<string, string> = {};
  room.on('consumersChanged', (_peer, change) => {
    for (const c of change.added) producerIds[`${c.peerId}/${c.label}`] = c.producerId;
  });
  const commands: Record<string, (m: Record<string, unknown>) => Promise<unknown> | unknown> = {
    ready: () => true,
    pipe: () => pipes.pipeFrom(room.id, env.OWNER ?? ''),
    subscribe: async (m) => {
      await room.setSubscriptions('far', m.refs as StreamRef[]);
      if (!far) {
        far = new TransportPeer(room, 'far');
        await far.receive();
      }
    },
    waitFlowing: (m) => {
      if (!far) throw new Error('no peer');
      return far.waitFlowing(m.ref as StreamRef, Number(m.timeoutMs ?? 10_000));
    },
    counters: async () => (far ? Object.fromEntries(await far.counters()) : {}),
    state: () => ({
      streams: room.streams().map((s) => `${s.peerId}/${s.label}`),
      receiving: far?.streams() ?? [],
      piped: pipes.edgeStreams(room.id),
      producerIds,
      rejected: pipes.rejected,
      pipeEvents: ups,
      workerPids: Object.values(t.engine.instancePids()),
      workerCpu: t.engine.workerLoads().map((w) => w.cpu),
      errors: (far?.errors ?? []).map(String),
    }),
  };
  process.on('message', (m: Record<string, unknown> & { id: number; cmd: string }) => {
    const run = commands[m.cmd];
    Promise.resolve()
      .then(() => {
        if (!run) throw new Error(`unknown command ${m.cmd}`);
        return run(m);
      })
      .then(
        (value) => process.send?.({ id: m.id, ok: true, value }),
        (err: unknown) => process.send?.({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
  });
  // The test process went away without killing us: do not outlive it.
  process.on('disconnect', () => process.exit(0));
}

if (process.env.PIPE_EDGE_CHILD === '1' && process.argv[1] === fileURLToPath(import.meta.url)) {
  runChild().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

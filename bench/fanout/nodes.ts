/**
 * The servers of one bench:fanout phase: one node (SQLite, as an operator's single server), or
 * with `--nodes 2` two nodes of one deployment (docs/deploy.md, small): one PostgreSQL, one
 * Redis, both started here, edges on. The lesson opens on node-1 (the publisher and every bot
 * join there: signaling stays on the owner, docs/cluster.md "placing a lesson's overflow on an
 * edge"); once node-1's worker holds `workerCapacity` consumers, each new bot's receive transport
 * is placed on node-2, which gets the teacher's streams once through the node pipe.
 */
import { startPostgres, type TestPostgres } from '../../testkit/postgres.js';
import { startRedis, type TestRedis } from '../../testkit/redis.js';
import { ipv4Of } from '../lib/cli.js';
import { startServer, type RunningServer, type ServerOptions } from '../lib/serverProcess.js';

export interface PhaseServers {
  /** The node the lesson opens on (its demo lesson), where every bot signals. */
  origin: RunningServer;
  /** Every node: the SFU side whose CPU, memory and UDP drops the rows count. */
  all: RunningServer[];
  stop(keepTemp?: boolean): Promise<void>;
}

/** node-2's media port: clear of node-1's workers (61000 + worker index). */
const EDGE_MEDIA_PORT = 61_010;

/** What makes a server one node of a deployment: its id, the shared storage and bus, edges on. */
export function clusterConfig(base: ServerOptions, node: string, postgres: { connectionString: string; schema: string }, redisUrl: string): Record<string, unknown> {
  const extra = base.extraConfig ?? {};
  const media = (extra.media ?? {}) as Record<string, unknown>;
  return {
    ...extra,
    node: { id: node },
    storage: { engine: 'postgres', postgres },
    cluster: { redisUrl },
    media: { ...media, edges: { enabled: true, pipeIp: ipv4Of(base.mediaInterface ?? '127.0.0.1') } },
  };
}

export async function startPhaseServers(nodes: number, base: ServerOptions, log: (line: string) => void): Promise<PhaseServers> {
  if (nodes === 1) {
    const origin = await startServer(base);
    return { origin, all: [origin], stop: (keepTemp) => origin.stop(keepTemp) };
  }
  if (nodes !== 2) throw new Error('--nodes must be 1 or 2');
  const started: { redis?: TestRedis; postgres?: TestPostgres; servers: RunningServer[] } = { servers: [] };
  const stop = async (keepTemp?: boolean) => {
    await Promise.allSettled(started.servers.map((s) => s.stop(keepTemp)));
    await started.postgres?.stop();
    await started.redis?.stop();
  };
  try {
    started.redis = await startRedis();
    started.postgres = await startPostgres();
    const postgres = { connectionString: started.postgres.connectionString, schema: started.postgres.newSchema() };
    // One after the other: the first migrates the shared schema and seeds the demo lesson.
    const origin = await startServer({ ...base, extraConfig: clusterConfig(base, 'node-1', postgres, started.redis.url) });
    started.servers.push(origin);
    const edge = await startServer({ ...base, demo: false, mediaPort: EDGE_MEDIA_PORT, extraConfig: clusterConfig(base, 'node-2', postgres, started.redis.url) });
    started.servers.push(edge);
    log(`2 nodes: node-1 (pid ${origin.pid}, the lesson's owner) and node-2 (pid ${edge.pid}, its edge), one PostgreSQL, one Redis`);
    return { origin, all: [origin, edge], stop };
  } catch (err) {
    await stop(true);
    throw err;
  }
}

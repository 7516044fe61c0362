/**
 * Several real server processes on this machine sharing one PostgreSQL and one Redis, each with
 * its own port and media port, optionally behind nginx (Debian) doing round-robin: what a
 * school deploys (docs/deploy.md), small. Everything listens on 127.0.0.1 only. Used by the
 * multi-node integration test, the failover E2E test and bench:failover.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { JoinLinks } from '../signaling/auth/JoinLinks.js';
import { createServices } from '../signaling/services.js';
import { childServer, type ChildServer } from './childServer.js';
import { freeMediaPorts, freePort } from './ports.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startRedis, type TestRedis } from './redis.js';
import { buildSchoolWorld, type SchoolWorld } from './schoolWorld.js';

export const CLUSTER_LINK_SECRET = 'node-cluster-test-link-secret-0123456789abcdef';

export interface NodeClusterOptions {
  nodes: number;
  studentsInA?: number;
  /** Put nginx in front (round-robin, `?node=<name>` to one node). Default false. */
  balancer?: boolean;
  /** Cluster timing of every node. Default nodeTtlMs 6000, leaseTtlMs 15000. */
  nodeTtlMs?: number;
  leaseTtlMs?: number;
  /** Extra config of every node. */
  config?: Record<string, unknown>;
  onLogLine?(node: string, line: string): void;
}

export interface NodeCluster {
  readonly redis: TestRedis;
  readonly postgres: TestPostgres;
  /** Named node-1 … node-N (their `node.id`, the balancer's route names). */
  readonly nodes: ReadonlyMap<string, ChildServer>;
  readonly world: SchoolWorld;
  readonly links: JoinLinks;
  /** The balancer's http://127.0.0.1:port, or undefined without one. */
  readonly balancerUrl: string | undefined;
  /** The shared storage (attendance checks). */
  readonly storage: Storage;
  /** The name of the node that hosts `lessonId` now (from its cluster id), or undefined. */
  ownerOf(lessonId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** Starts PostgreSQL, Redis, the nodes (and nginx); builds the school world once in the shared database. */
export async function startNodeCluster(options: NodeClusterOptions): Promise<NodeCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'classroom-cluster-'));
  const redis = await startRedis();
  const postgres = await startPostgres();
  const storageConfig = { engine: 'postgres' as const, postgres: { connectionString: postgres.connectionString, schema: postgres.newSchema() } };
  const storage = await openStorage(storageConfig);
  const blobs = await DiskBlobStore.open({ dir: join(dir, 'blobs') });
  const world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: options.studentsInA ?? 2 });
  const nodes = new Map<string, ChildServer>();
  let balancer: Nginx | undefined;
  const stop = async () => {
    await balancer?.stop();
    await Promise.allSettled([...nodes.values()].map((n) => n.stop()));
    await storage.close().catch(() => undefined);
    await postgres.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 1; i <= options.nodes; i++) {
      const name = `node-${i}`;
      const dataDir = join(dir, name);
      mkdirSync(dataDir);
      // 8 ports: a node may run several workers (media.instances); worker n uses port + n.
      const mediaPort = await freeMediaPorts(8);
      const onLine = options.onLogLine;
      const node = await childServer(
        {
          dataDir,
          node: { id: name },
          auth: { linkSecret: CLUSTER_LINK_SECRET },
          storage: storageConfig,
          cluster: { redisUrl: redis.url, nodeTtlMs: options.nodeTtlMs ?? 6_000, leaseTtlMs: options.leaseTtlMs ?? 15_000 },
          media: { engine: 'mediasoup', mediasoup: { listenIp: '127.0.0.1', port: mediaPort } },
          ...options.config,
        },
        onLine ? { onLogLine: (line) => onLine(name, line) } : {},
      );
      nodes.set(name, node);
    }
    // One at a time: N processes compiling and migrating at once overload a 2-core machine.
    for (const n of nodes.values()) await n.start();
    if (options.balancer) balancer = await startNginx(join(dir, 'nginx'), nodes);
  } catch (err) {
    await stop();
    throw err;
  }
  const prefix = 'classroom:';
  return {
    redis,
    postgres,
    nodes,
    world,
    storage,
    links: new JoinLinks(CLUSTER_LINK_SECRET, systemClock, 3_600_000),
    balancerUrl: balancer?.url,
    async ownerOf(lessonId) {
      const owner = await redisGet(redis.url, `${prefix}room:${lessonId}`);
      return owner ? owner.slice(0, owner.lastIndexOf('.')) : undefined;
    },
    stop,
  };
}

/** One GET over a short-lived connection (ioredis is a dependency of cluster/). */
async function redisGet(url: string, key: string): Promise<string | undefined> {
  return withRedis(url, async (client) => (await client.get(key)) ?? undefined);
}

async function withRedis<T>(url: string, use: (client: import('ioredis').Redis) => Promise<T>): Promise<T> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * nginx as docs/deploy.md configures it: round-robin over every node for `/` and `/ws`; a
 * request with `?node=<name>` goes to that node only (the redirect of docs/cluster.md).
 */
export function nginxConfig(port: number, nodes: ReadonlyMap<string, { port: number }>, prefix: string): string {
  const upstreams = [...nodes].map(([name, n]) => `  upstream ${name} { server 127.0.0.1:${n.port}; }`).join('\n');
  const all = [...nodes.values()].map((n) => `server 127.0.0.1:${n.port} max_fails=1 fail_timeout=2s;`).join(' ');
  const routes = [...nodes.keys()].map((name) => `    ${name} ${name};`).join('\n');
  // Run as root (tests, CI containers), the workers must be root too to write the temp folders under a private tmpdir.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  map $arg_node $classroom_upstream {
    default classroom_all;
${routes}
  }
  upstream classroom_all { ${all} }
${upstreams}
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://$classroom_upstream;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_read_timeout 120s;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
}

async function startNginx(prefix: string, nodes: ReadonlyMap<string, { port: number }>): Promise<Nginx> {
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const file = join(prefix, 'nginx.conf');
  writeFileSync(file, nginxConfig(port, nodes, prefix));
  const child: ChildProcess = spawn(process.env.NGINX_PATH ?? '/usr/sbin/nginx', ['-c', file, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(force);
    },
  };
}

/**
 * The composition root: the only place that chooses implementations and wires the modules
 * together (conventions §8, §13, §14). `bin.ts` calls it for the real process; tests call it to
 * run a whole server in-process.
 */
import { join } from 'node:path';
import { StoredLessonCatalog, openStorage, type Storage } from '../classroom/index.js';
import { createMetricsRegistry, createRootLogger, newId, systemClock, type Clock, type Logger } from '../platform/index.js';
import { NodeMembership, createInMemoryCluster, createRedisCluster, type Cluster } from '../cluster/index.js';
import { createJanusMediaEngine, type JanusMediaEngine } from '../sfu/index.js';
import { ClusterOwnership } from './cluster/ClusterOwnership.js';
import { StoredAttendance } from './attendance/StoredAttendance.js';
import { JoinLinks } from './auth/JoinLinks.js';
import { SessionJoinAuthenticator } from './auth/SessionJoinAuthenticator.js';
import type { AppConfig } from './config.js';
import { DemoAwareCatalog, setUpDemo, type DemoSetup } from './demo.js';
import { createDispatch } from './handlers/index.js';
import { adminRoutes } from './http/api/adminRoutes.js';
import { authRoutes } from './http/api/authRoutes.js';
import { lessonRoutes } from './http/api/lessonRoutes.js';
import { registerApiRoutes } from './http/api/registerApi.js';
import { registerOpsRoutes, registerStaticRoutes } from './http/routes.js';
import { StaticFiles } from './http/staticFiles.js';
import { LessonHubs } from './lessons/LessonHubs.js';
import { createSignalingMetrics } from './metrics.js';
import { linkSecret } from './secrets.js';
import { createApp, listen } from './server/listen.js';
import { loadNativeUws } from './server/nativeUws.js';
import { createServices, type Services } from './services.js';
import { CLOSE } from './ws/closeCodes.js';
import { WsServer } from './ws/WsServer.js';

export interface RunningServer {
  port: number;
  publicUrl: string;
  demo: DemoSetup | undefined;
  engine: JanusMediaEngine;
  links: JoinLinks;
  services: Services;
  logger: Logger;
  /** Stops taking lessons, closes every connection (4503), the media engine, the storage and the listener. */
  close(): Promise<void>;
}

function mediaEngine(config: AppConfig, logger: Logger, registry: ReturnType<typeof createMetricsRegistry>) {
  const m = config.media;
  return createJanusMediaEngine(
    {
      janusBinary: m.janusBinary,
      instances: m.instances || undefined,
      eventLoops: m.eventLoops,
      runtimeDir: join(config.dataDir, 'janus'),
      rtpPortRange: [m.rtpPortMin, m.rtpPortMax],
      iceEnforceList: m.iceEnforceList,
      publicIp: m.publicIp,
      stunServer: m.stunServer,
      iceTcp: m.iceTcp,
      roomBitrateBps: m.publisherBitrateBps,
    },
    { logger: logger.child({ module: 'sfu' }), registry },
  );
}

function joinCluster(config: AppConfig, logger: Logger): Promise<Cluster> {
  const c = config.cluster;
  const timing = { nodeTtlMs: c.nodeTtlMs, leaseTtlMs: c.leaseTtlMs };
  const deps = { logger: logger.child({ module: 'cluster' }) };
  return c.redisUrl ? createRedisCluster({ url: c.redisUrl, keyPrefix: c.keyPrefix, ...timing }, deps) : Promise.resolve(createInMemoryCluster(timing, deps));
}

export async function startServer(config: AppConfig, options: { logger?: Logger; clock?: Clock } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createRootLogger(config.log, { node: config.node.id });
  const uws = loadNativeUws();
  const registry = createMetricsRegistry({ defaultLabels: { node: config.node.id } });
  const metrics = createSignalingMetrics(registry);

  const storage: Storage = await openStorage(config.storage, { logger: logger.child({ module: 'storage' }), defaultDataDir: config.dataDir });
  const services = createServices(storage, clock, { reconnectGraceMs: Math.max(60_000, config.lesson.reconnectGraceMs) });
  const engine = await mediaEngine(config, logger, registry);
  const links = new JoinLinks(linkSecret(config.auth.linkSecret, config.dataDir), clock, config.auth.linkTtlHours * 3_600_000);
  const catalog = new DemoAwareCatalog(new StoredLessonCatalog(storage));
  const cluster = await joinCluster(config, logger);
  // One id per process: a restarted node must not inherit the leases of its previous life.
  const nodeId = `${config.node.id}.${newId().slice(0, 8)}`;
  const attendance = new StoredAttendance(storage.attendance, services.attendance, logger);
  const hubs = new LessonHubs(config.lesson, {
    catalog,
    ownership: new ClusterOwnership(cluster, nodeId),
    engine,
    clock,
    logger,
    metrics,
    onActivity: (a) => attendance.record(a),
  });
  const ws = new WsServer({
    options: config.signaling,
    dispatch: createDispatch({
      hubs,
      authenticator: new SessionJoinAuthenticator(services, links),
      links,
      attendance,
      iceServers: config.iceServers,
      resumeTtlMs: config.lesson.reconnectGraceMs + 60_000,
      clock,
      metrics,
      logger,
    }),
    metrics,
    logger,
    clock,
  });

  let draining = false;
  const files = new StaticFiles(config.http.clientDir);
  if (files.size === 0) logger.warn({ dir: config.http.clientDir }, 'no built client found: run `npm run build:client`');
  const app = createApp(uws, config.http.tls);
  ws.register(app);
  registerOpsRoutes(app, {
    files,
    registry,
    logger,
    readiness: { notReadyReasons: () => [...(draining ? ['draining'] : []), ...(engine.ready ? [] : ['media engine not ready'])] },
  });
  const listening = await listen(uws, app, config.http);
  const publicUrl = config.http.publicUrl ?? `${config.http.tls ? 'https' : 'http'}://localhost:${listening.port}`;
  const membership = new NodeMembership({
    cluster,
    node: { id: nodeId, url: publicUrl },
    load: () => ({ rooms: hubs.size, participants: hubs.participantCount() }),
    hostedRooms: () => hubs.ids(),
    logger,
  });
  membership.on('roomsLost', (ids) => void hubs.lost(ids));
  await membership.start();
  const secureCookies = publicUrl.startsWith('https:');
  registerApiRoutes(
    app,
    [...authRoutes(services, { clock, secureCookies }), ...lessonRoutes(services, { clock, links, publicUrl }), ...adminRoutes(services)],
    logger,
  );
  registerStaticRoutes(app, files);

  const demo = config.demo.enabled
    ? await setUpDemo(services, links, { publicUrl, dataDir: config.dataDir, students: config.demo.students, clock }).catch((err: unknown) => {
        logger.warn({ err }, 'no demo lesson this time');
        return undefined;
      })
    : undefined;
  if (demo) catalog.markDemo(demo.lessonId);
  const purge = setInterval(() => {
    services.sessions.purgeEnded().catch((err: unknown) => logger.warn({ err }, 'purging ended sessions failed'));
  }, 3_600_000);
  purge.unref();
  logger.info({ port: listening.port, publicUrl, storage: storage.engine }, 'classroom server listening');

  let closing: Promise<void> | undefined;
  return {
    port: listening.port,
    publicUrl,
    demo,
    engine,
    links,
    services,
    logger,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        clearInterval(purge);
        await membership.drain().catch((err: unknown) => logger.warn({ err }, 'could not announce the drain'));
        listening.close();
        ws.closeAll(CLOSE.draining, 'Server restarting');
        await hubs.closeAll(CLOSE.draining);
        await membership.close();
        await cluster.close();
        await engine.close();
        await storage.close();
        logger.info('classroom server stopped');
      })()),
  };
}

/**
 * The composition root: the only place that chooses implementations and wires the modules
 * together (conventions §8, §13, §14). `bin.ts` calls it for the real process; tests call it to
 * run a whole server in-process.
 */
import { join } from 'node:path';
import { InMemoryLessonCatalog } from '../classroom/index.js';
import { createMetricsRegistry, createRootLogger, systemClock, type Clock, type Logger } from '../platform/index.js';
import { createJanusMediaEngine, type MediaEngine } from '../sfu/index.js';
import { JoinLinks } from './auth/JoinLinks.js';
import type { AppConfig } from './config.js';
import { createDemoLesson, type DemoLinks } from './demo.js';
import { createDispatch } from './handlers/index.js';
import { LessonHubs } from './lessons/LessonHubs.js';
import { createSignalingMetrics } from './metrics.js';
import { registerOpsRoutes, registerStaticRoutes } from './http/routes.js';
import { StaticFiles } from './http/staticFiles.js';
import { InMemoryAttendance } from './attendance/InMemoryAttendance.js';
import { linkSecret } from './secrets.js';
import { createApp, listen } from './server/listen.js';
import { loadNativeUws } from './server/nativeUws.js';
import { CLOSE } from './ws/closeCodes.js';
import { WsServer } from './ws/WsServer.js';

export interface RunningServer {
  port: number;
  publicUrl: string;
  demo: DemoLinks | undefined;
  engine: MediaEngine;
  links: JoinLinks;
  catalog: InMemoryLessonCatalog;
  logger: Logger;
  /** Stops taking lessons, closes every connection (4503), the media engine and the listener. */
  close(): Promise<void>;
}

export async function startServer(config: AppConfig, options: { logger?: Logger; clock?: Clock } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createRootLogger(config.log, { node: config.node.id });
  const uws = loadNativeUws();
  const registry = createMetricsRegistry({ defaultLabels: { node: config.node.id } });
  const metrics = createSignalingMetrics(registry);

  const engine = await createJanusMediaEngine(
    {
      janusBinary: config.media.janusBinary,
      instances: config.media.instances || undefined,
      eventLoops: config.media.eventLoops,
      runtimeDir: join(config.dataDir, 'janus'),
      rtpPortRange: [config.media.rtpPortMin, config.media.rtpPortMax],
      iceEnforceList: config.media.iceEnforceList,
      publicIp: config.media.publicIp,
      stunServer: config.media.stunServer,
      iceTcp: config.media.iceTcp,
      roomBitrateBps: config.media.publisherBitrateBps,
    },
    { logger: logger.child({ module: 'sfu' }), registry },
  );

  const catalog = new InMemoryLessonCatalog();
  const links = new JoinLinks(linkSecret(config.auth.linkSecret, config.dataDir), clock, config.auth.linkTtlHours * 3_600_000);
  const attendance = new InMemoryAttendance(clock);
  const hubs = new LessonHubs(config.lesson, {
    catalog,
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
      authenticator: links,
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
    readiness: {
      notReadyReasons: () => [...(draining ? ['draining'] : []), ...(engine.ready ? [] : ['media engine not ready'])],
    },
  });
  registerStaticRoutes(app, files);
  const listening = await listen(uws, app, config.http);
  const publicUrl = config.http.publicUrl ?? `${config.http.tls ? 'https' : 'http'}://localhost:${listening.port}`;
  const demo = config.demo.enabled ? createDemoLesson(catalog, links, publicUrl, config.demo.students) : undefined;
  logger.info({ port: listening.port, publicUrl }, 'classroom server listening');

  let closing: Promise<void> | undefined;
  return {
    port: listening.port,
    publicUrl,
    demo,
    engine,
    links,
    catalog,
    logger,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        listening.close();
        ws.closeAll(CLOSE.draining, 'Server restarting');
        await hubs.closeAll(CLOSE.draining);
        await engine.close();
        logger.info('classroom server stopped');
      })()),
  };
}

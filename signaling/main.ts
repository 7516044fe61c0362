/**
 * The composition root: the only place that chooses implementations and wires the modules
 * together (conventions §8, §13, §14). `bin.ts` calls it for the real process; tests call it to
 * run a whole server in-process.
 */
import { join } from 'node:path';
import { ArchiveJobs, DeadlineSweep, PresenceRecovery, PresenceSummarySweep, RetentionSweep, StoredLessonCatalog, defaultHashingLimits, openStorage, type Storage } from '../classroom/index.js';
import { DiskBlobStore, createMetricsRegistry, createRootLogger, newId, systemClock, type Clock, type Logger, type Registry } from '../platform/index.js';
import { NodeMembership, NodeProbe, createInMemoryCluster, createRedisCluster, type Cluster } from '../cluster/index.js';
import { EdgeRooms, NodeMediaMetrics, NodePipes, SpreadEngine, createMediasoupEngine, type MediaEngine, type MediasoupEngine } from '../sfu/index.js';
import { ClusterOwnership } from './cluster/ClusterOwnership.js';
import { RouteTickets } from './cluster/RouteTickets.js';
import { AttendanceLiveness } from './attendance/AttendanceLiveness.js';
import { StoredAttendance } from './attendance/StoredAttendance.js';
import { JoinLinks } from './auth/JoinLinks.js';
import { SessionJoinAuthenticator } from './auth/SessionJoinAuthenticator.js';
import type { AppConfig } from './config.js';
import { DemoAwareCatalog, setUpDemo, type DemoSetup } from './demo.js';
import { createDispatch } from './features/dispatch.js';
import { liveFeatures } from './features/index.js';
import { MediaJobs, Recordings } from './features/recording/index.js';
import { accountRoutes } from './http/api/accountRoutes.js';
import type { ApiRoute } from './http/api/ApiTypes.js';
import { privacyRoutes } from './http/api/privacyRoutes.js';
import { bankRoutes } from './http/api/bankRoutes.js';
import { materialRoutes } from './http/api/materialRoutes.js';
import { examRoutes } from './http/api/examRoutes.js';
import { schoolRoutes } from './http/api/schoolRoutes.js';
import { timetableRoutes } from './http/api/timetableRoutes.js';
import { authRoutes } from './http/api/authRoutes.js';
import { lessonRoutes } from './http/api/lessonRoutes.js';
import { registerApiRoutes } from './http/api/registerApi.js';
import { assignmentRoutes } from './http/api/assignmentRoutes.js';
import { gradebookRoutes } from './http/api/gradebookRoutes.js';
import { statisticsRoutes } from './http/api/statisticsRoutes.js';
import { parentRoutes } from './http/api/parentRoutes.js';
import { classQaRoutes } from './http/api/classQaRoutes.js';
import { QaEvents, classQaEventsRoutes } from './http/api/classQaEvents.js';
import { recordingRoutes } from './http/api/recordingRoutes.js';
import { playbackRoutes } from './http/api/playbackRoutes.js';
import { archiveRoutes } from './http/api/archiveRoutes.js';
import { OriginPolicy } from './http/origins.js';
import { startMetricsListener } from './http/metricsListener.js';
import { securityHeaders } from './http/responses.js';
import { HttpRouter } from './http/router.js';
import { UploadEndpoint } from './uploads/UploadEndpoint.js';
import { registerOpsRoutes, registerStaticRoutes } from './http/routes.js';
import { StaticFiles } from './http/staticFiles.js';
import { congestionControlAdvice } from './http/tcpCongestion.js';
import { LessonHubs } from './liveRoom/LessonHubs.js';
import { createSignalingMetrics, type SignalingMetrics } from './metrics.js';
import { Teardown } from './teardown.js';
import { linkSecret } from './secrets.js';
import { createApp, listen } from './server/listen.js';
import { loadNativeUws } from './server/nativeUws.js';
import { createServices, type Services } from './services.js';
import { TurnCredentials } from './turn/TurnCredentials.js';
import { CLOSE } from './ws/closeCodes.js';
import { KeyedRateLimiter } from './ws/KeyedRateLimiter.js';
import { NegotiationLimits } from './ws/negotiationLimits.js';
import { WsServer } from './ws/WsServer.js';

export interface RunningServer {
  port: number;
  /** The metrics listener's port; undefined when there is none (metrics.port -1, or it could not listen). */
  metricsPort: number | undefined;
  /** Every HTTP API route (method, uWS pattern): for the fuzzer and the authorization matrix. */
  apiRoutes: readonly { method: string; path: string }[];
  publicUrl: string;
  demo: DemoSetup | undefined;
  engine: MediaEngine;
  links: JoinLinks;
  services: Services;
  logger: Logger;
  /** Stops taking lessons, closes every connection (4503), the media engine, the storage and the listener. */
  close(): Promise<void>;
}

/** The SFU (docs/sfu.md); the rest of the server sees a MediaEngine. */
function mediaEngine(config: AppConfig, logger: Logger, registry: Registry): Promise<MediasoupEngine> {
  const m = config.media;
  return createMediasoupEngine(
    {
      workerBin: m.mediasoup.workerBin,
      srtpLibrary: m.srtpLibrary,
      workers: m.instances || undefined,
      listenIp: m.mediasoup.listenIp,
      announcedAddress: m.publicIp,
      port: m.mediasoup.port,
      maxIncomingBitrateBps: m.publisherBitrateBps,
      transportWideCc: m.mediasoup.transportWideCc,
      ...(m.mediasoup.initialOutgoingBitrateBps !== undefined ? { initialOutgoingBitrateBps: m.mediasoup.initialOutgoingBitrateBps } : {}),
      workerLogLevel: m.mediasoup.workerLogLevel,
      ...(m.mediasoup.socketBufferBytes !== undefined ? { socketBufferBytes: m.mediasoup.socketBufferBytes } : {}),
      ...(m.mediasoup.workerCapacity !== undefined ? { workerCapacity: m.mediasoup.workerCapacity } : {}),
      ...(m.mediasoup.workerCpuLimit !== undefined ? { workerCpuLimit: m.mediasoup.workerCpuLimit } : {}),
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

interface Backends {
  storage: Storage;
  services: Services;
  engine: MediasoupEngine;
  cluster: Cluster;
  links: JoinLinks;
  /** The link secret: every node of a deployment shares it (join links, resume and route tickets, probes). */
  secret: string;
  /** The recorder and its post-processing queue; undefined when `recording.enabled` is false. */
  recordings: Recordings | undefined;
  recordingJobs: MediaJobs | undefined;
  /** The class Q&A's pushes to open pages, through the cluster bus. */
  qaEvents: QaEvents;
}

/** Storage, media engine and cluster: everything the lessons run on. Each is closed by `teardown`. */
async function openBackends(config: AppConfig, logger: Logger, registry: Registry, clock: Clock, teardown: Teardown): Promise<Backends> {
  const storage = teardown.add('storage', await openStorage(config.storage, { logger: logger.child({ module: 'storage' }), defaultDataDir: config.dataDir }), (s) => s.close());
  const blobs = await DiskBlobStore.open({ dir: join(config.dataDir, 'blobs'), clock });
  const { uploadExpiryHours: _expiry, ...assignmentLimits } = config.assignments;
  const { maxConcurrent, maxQueued } = config.auth.hashing;
  let archiveJobs: ArchiveJobs | undefined;
  let qaEvents: QaEvents | undefined;
  const services = createServices(storage, clock, {
    reconnectGraceMs: Math.max(60_000, config.lesson.reconnectGraceMs),
    blobs,
    recordingsDirectory: config.recording.directory ?? join(config.dataDir, 'recordings'),
    archiveQueued: () => archiveJobs?.kick(),
    qaNotified: (n) => qaEvents?.notified(n),
    assignmentLimits,
    materialLimits: config.materials,
    hashing: { maxConcurrent: maxConcurrent || defaultHashingLimits().maxConcurrent, maxQueued },
  });
  // Closes exam attempts at their deadline even when every student is gone (R11).
  teardown.add('exam deadline sweep', new DeadlineSweep(services.examTaking, { logger: logger.child({ module: 'exams' }) }), (s) => s.close());
  // Folds the presence of ended lessons once, so the statistics read summaries, not every event (R15).
  if (config.statistics.summaryIntervalMs > 0) {
    const sweep = new PresenceSummarySweep(storage.statistics, { clock, intervalMs: config.statistics.summaryIntervalMs, logger: logger.child({ module: 'statistics' }) });
    teardown.add('presence summary sweep', sweep, (s) => s.close());
  }
  archiveJobs = await openArchive(services, { storage, blobs, clock, logger, registry }, teardown);
  const engine = teardown.add('media engine', await mediaEngine(config, logger, registry), (e) => e.close());
  const cluster = teardown.add('cluster', await joinCluster(config, logger), (c) => c.close());
  qaEvents = teardown.add('class Q&A events', new QaEvents(cluster.bus, { logger: logger.child({ module: 'classQa' }) }), (e) => e.close());
  await qaEvents.start();
  const secret = linkSecret(config.auth.linkSecret, config.dataDir);
  const links = new JoinLinks(secret, clock, config.auth.linkTtlHours * 3_600_000);
  const { recordings, recordingJobs } = await openRecorder(config, { storage, blobs, engine, clock, logger, registry }, teardown);
  return { storage, services, engine, cluster, links, secret, recordings, recordingJobs, qaEvents };
}

/** The archive's bundle queue and the daily retention sweep (R17): both resume after a restart. */
async function openArchive(services: Services, d: { storage: Storage; blobs: DiskBlobStore; clock: Clock; logger: Logger; registry: Registry }, teardown: Teardown): Promise<ArchiveJobs> {
  const logger = d.logger.child({ module: 'archive' });
  const jobs = teardown.add('archive jobs', new ArchiveJobs({ ...d, logger, attendance: services.attendance, results: services.examResults }), (j) => j.close());
  teardown.add('retention sweep', new RetentionSweep(services.retention, { storage: d.storage, logger }), (s) => s.close());
  await jobs.start();
  return jobs;
}

/**
 * The recorder (issue 9): closed before the media engine (teardown runs in reverse), so that every
 * recording finishes its files. Recordings a crash left open are closed and queued at start.
 */
async function openRecorder(
  config: AppConfig,
  d: { storage: Storage; blobs: DiskBlobStore; engine: MediaEngine; clock: Clock; logger: Logger; registry: Registry },
  teardown: Teardown,
): Promise<{ recordings: Recordings | undefined; recordingJobs: MediaJobs | undefined }> {
  const r = config.recording;
  if (!r.enabled) return { recordings: undefined, recordingJobs: undefined };
  const directory = r.directory ?? join(config.dataDir, 'recordings');
  const logger = d.logger.child({ module: 'recording' });
  const jobs = teardown.add(
    'recording jobs',
    new MediaJobs(
      { directory, ffmpegPath: r.ffmpegPath, ffprobePath: r.ffprobePath, ...(r.jobConcurrency > 0 ? { concurrency: r.jobConcurrency } : {}) },
      { store: d.storage.recordings, blobs: d.blobs, clock: d.clock, logger, registry: d.registry },
    ),
    (j) => j.close(),
  );
  const recordings = teardown.add(
    'recordings',
    new Recordings(
      { directory, ffmpegPath: r.ffmpegPath, minFreeBytes: r.minFreeMb * 1024 * 1024 },
      { store: d.storage.recordings, engine: d.engine, clock: d.clock, logger, registry: d.registry, ended: async (id) => void (await jobs.enqueue(id)) },
    ),
    (x) => x.close(),
  );
  await recordings.recover();
  await jobs.start();
  return { recordings, recordingJobs: jobs };
}

/**
 * Several nodes (issue 10, docs/cluster.md "One lesson over several nodes"): media pipes between
 * nodes, and the engine the lessons use, whose rooms may place their overflow peers on other
 * nodes (`media.edges`). Every clustered node serves as an edge for the others; one node alone
 * uses its engine as is. Closed before the engine (teardown runs in reverse).
 */
async function nodeMedia(config: AppConfig, b: Backends, nodeId: string, d: { logger: Logger; registry: Registry }, teardown: Teardown): Promise<{ engine: MediaEngine; edges?: EdgeRooms }> {
  if (!config.cluster.redisUrl) return { engine: b.engine };
  const e = config.media.edges;
  const { logger, registry } = d;
  const log = logger.child({ module: 'sfu' });
  const ip = { listenIp: e.pipeIp, ...(e.announcedIp ? { announcedIp: e.announcedIp } : {}) };
  const metrics = new NodeMediaMetrics(registry);
  const pipes = teardown.add('node pipes', new NodePipes({ engine: b.engine, bus: b.cluster.bus, nodeId, secret: b.secret, ...ip, metrics, logger: log }), (p) => p.close());
  await pipes.start();
  const edges = teardown.add(
    'edge rooms',
    new EdgeRooms({ engine: b.engine, pipes, bus: b.cluster.bus, nodes: b.cluster.nodes, nodeId, secret: b.secret, placeOverflow: e.enabled, metrics, logger: log }),
    (x) => x.close(),
  );
  await edges.start();
  return { engine: new SpreadEngine(b.engine, edges, log), edges };
}

/** The lessons of this node and the WebSocket endpoint their participants speak to. */
function lessonLayer(config: AppConfig, b: Backends, nodeId: string, engine: MediaEngine, deps: { clock: Clock; logger: Logger; metrics: SignalingMetrics; origins: OriginPolicy; probe: NodeProbe; draining(): boolean; reannounce(): Promise<void> }) {
  const catalog = new DemoAwareCatalog(new StoredLessonCatalog(b.storage));
  const attendance = new StoredAttendance(b.storage, b.services.attendance, deps.logger);
  const liveness = new AttendanceLiveness(new PresenceRecovery(b.storage), () => attendance.flushed(), { nodeId, intervalMs: config.lesson.livenessIntervalMs }, deps);
  const hubs = new LessonHubs(config.lesson, {
    ...deps,
    lessonOpening: (id) => liveness.lessonOpening(id),
    lessonClosed: (id) => liveness.lessonClosed(id),
    catalog,
    decisions: b.storage.roomDecisions,
    lessonState: b.cluster.lessonState,
    features: liveFeatures(b.services, b.recordings),
    ownership: new ClusterOwnership({ cluster: b.cluster, nodeId, probe: deps.probe, draining: deps.draining, logger: deps.logger, reannounce: deps.reannounce }),
    engine,
    onActivity: (a) => attendance.record(a),
  });
  const dispatch = createDispatch({
    ...deps,
    hubs,
    nodeId,
    routes: new RouteTickets(b.secret, deps.clock, config.auth.linkTtlHours * 3_600_000),
    authenticator: new SessionJoinAuthenticator(b.services, b.links),
    links: b.links,
    attendance,
    iceServers: config.iceServers,
    ...(config.turn ? { turn: new TurnCredentials(config.turn) } : {}),
    joinLimiter: new KeyedRateLimiter({ perMinute: config.signaling.joinsPerMinute, burst: config.signaling.joinBurst }),
    negotiationLimits: new NegotiationLimits({
      burst: config.signaling.negotiationBurst,
      perMinute: config.signaling.negotiationsPerMinute,
    }),
    resumeTtlMs: config.lesson.reconnectGraceMs + 60_000,
    firstSound: config.media.firstSound,
  });
  return { catalog, hubs, liveness, ws: new WsServer({ ...deps, options: config.signaling, dispatch, origins: deps.origins }) };
}

/** Every route of the HTTP API, by area. */
function apiRoutes(b: Backends, deps: { clock: Clock; publicUrl: string; uploads: UploadEndpoint }): ApiRoute[] {
  const { clock, publicUrl } = deps;
  return [
    ...authRoutes(b.services, { clock, secureCookies: publicUrl.startsWith('https:') }),
    ...timetableRoutes(b.services, { clock }),
    ...lessonRoutes(b.services, { clock, links: b.links, publicUrl }),
    ...recordingRoutes(b.services, { clock, secret: b.secret, jobs: b.recordingJobs }),
    ...playbackRoutes(b.services),
    ...archiveRoutes(b.services),
    ...schoolRoutes(b.services),
    ...accountRoutes(b.services),
    ...privacyRoutes(b.services),
    ...bankRoutes(b.services),
    ...assignmentRoutes(b.services, { finishStaged: (ids) => deps.uploads.finishStaged(ids) }),
    ...gradebookRoutes(b.services),
    ...examRoutes(b.services),
    ...statisticsRoutes(b.services),
    ...materialRoutes(b.services, { finishStaged: (ids) => deps.uploads.finishStaged(ids) }),
    ...parentRoutes(b.services),
    ...classQaRoutes(b.services),
    ...classQaEventsRoutes(b.services, b.qaEvents),
  ];
}

function startDemo(config: AppConfig, b: Backends, catalog: DemoAwareCatalog, publicUrl: string, clock: Clock, logger: Logger): Promise<DemoSetup | undefined> {
  if (!config.demo.enabled) return Promise.resolve(undefined);
  return setUpDemo(b.services, b.links, { publicUrl, dataDir: config.dataDir, students: config.demo.students, clock }).then(
    (demo) => {
      catalog.markDemo(demo.lessonId);
      return demo;
    },
    (err: unknown) => {
      logger.warn({ err }, 'no demo lesson this time');
      return undefined;
    },
  );
}

export async function startServer(config: AppConfig, options: { logger?: Logger; clock?: Clock } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createRootLogger(config.log, { node: config.node.id });
  const uws = loadNativeUws();
  const registry = createMetricsRegistry({ defaultLabels: { node: config.node.id } });
  const metrics = createSignalingMetrics(registry);
  const teardown = new Teardown(logger);
  let draining = false;
  // Made once the listener is up; the lesson layer may ask it to announce the node again.
  let membership: NodeMembership | undefined;
  try {
    const b = await openBackends(config, logger, registry, clock, teardown);
    // One id per process: a restarted node must not inherit the leases of its previous life.
    const nodeId = `${config.node.id}.${newId().slice(0, 8)}`;
    const origins = new OriginPolicy({ publicUrl: config.http.publicUrl, allowedOrigins: config.http.allowedOrigins, tls: config.http.tls !== undefined });
    // Answers other nodes asking whether this one is alive (fast failover, docs/cluster.md).
    const probe = teardown.add('probe', new NodeProbe({ bus: b.cluster.bus, nodeId, secret: b.secret, clock, logger }), (p) => p.close());
    await probe.start();
    const { engine, edges } = await nodeMedia(config, b, nodeId, { logger, registry }, teardown);
    const { catalog, hubs, ws, liveness } = lessonLayer(config, b, nodeId, engine, { clock, logger, metrics, origins, probe, draining: () => draining, reannounce: async () => membership?.heartbeat() });
    teardown.add('liveness marks', liveness, (l) => l.close()).start();
    // Withdrawn from the cluster only after its lessons closed (steps run last-registered first).
    teardown.add('membership', null, () => membership?.close());
    const files = new StaticFiles(config.http.clientDir, { pageCache: config.http.pageCache });
    if (files.size === 0) logger.warn({ dir: config.http.clientDir }, 'no built client found: run `npm run build:client`');
    const congestion = congestionControlAdvice();
    if (congestion) logger.warn(congestion);
    const app = createApp(uws, config.http.tls);
    const router = new HttpRouter(app, securityHeaders(config.http.tls !== undefined));
    ws.register(app);
    const readiness = { notReadyReasons: () => [...(draining ? ['draining'] : []), ...(b.engine.ready ? [] : ['media engine not ready'])] };
    const token = config.metrics.token;
    registerOpsRoutes(router, { registry, logger, readiness, metrics: token ? { kind: 'token', token } : { kind: 'none' } });
    const metricsListening = teardown.add('metrics listener', await startMetricsListener(uws, config.metrics, { registry, logger, readiness }), (l) => l?.close());
    const listening = teardown.add('connections', await listen(uws, app, config.http), async (l) => {
      l.close();
      ws.closeAll(CLOSE.draining, 'Server restarting');
      await hubs.closeAll(CLOSE.draining);
    });
    const publicUrl = config.http.publicUrl ?? `${config.http.tls ? 'https' : 'http'}://localhost:${listening.port}`;
    membership = new NodeMembership({
      cluster: b.cluster,
      node: { id: nodeId, url: publicUrl },
      load: () => ({ rooms: hubs.size, participants: hubs.participantCount() + (edges?.edgePeerCount ?? 0) }),
      hostedRooms: () => hubs.ids(),
      logger,
    });
    membership.on('roomsLost', (ids) => void hubs.lost(ids));
    await membership.start();
    const uploads = teardown.add(
      'uploads',
      new UploadEndpoint(b.services, { directory: join(config.dataDir, 'uploads'), maxFileBytes: Math.max(config.assignments.maxFileBytes, config.materials.maxFileBytes), expirationMs: config.assignments.uploadExpiryHours * 3_600_000, sameOrigin: (origin, host) => origins.allows(origin, host) }, logger.child({ module: 'uploads' })),
      (u) => u.close(),
    );
    uploads.register(app);
    const routes = apiRoutes(b, { clock, publicUrl, uploads });
    registerApiRoutes(router, routes, logger, origins);
    registerStaticRoutes(router, files);
    const demo = await startDemo(config, b, catalog, publicUrl, clock, logger);
    const purge = setInterval(() => b.services.sessions.purgeEnded().catch((err: unknown) => logger.warn({ err }, 'purging ended sessions failed')), 3_600_000);
    purge.unref();
    teardown.add('session purge', purge, clearInterval);
    logger.info({ port: listening.port, publicUrl, storage: b.storage.engine }, 'classroom server listening');
    const close = async () => {
      draining = true;
      await membership?.drain().catch((err: unknown) => logger.warn({ err }, 'could not announce the drain'));
      await teardown.run();
      logger.info('classroom server stopped');
    };
    let closing: Promise<void> | undefined;
    const routeList = routes.map((r) => ({ method: r.method, path: r.path }));
    return { port: listening.port, metricsPort: metricsListening?.port, apiRoutes: routeList, publicUrl, demo, engine: b.engine, links: b.links, services: b.services, logger, close: () => (closing ??= close()) };
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

/**
 * The media engine (MediaEngine) on mediasoup: it supervises one worker per core (each with its
 * WebRtcServer), places each room's router on the least-loaded worker, and re-creates the rooms
 * of a worker that died on another one (or on the same one once it has restarted). See
 * docs/sfu.md.
 */
import * as mediasoup from 'mediasoup';
import { ConflictError, TypedEmitter, UnavailableError, ValidationError, type Logger } from '../../platform/index.js';
import type { MediaEngine, MediaEngineDeps, MediaEngineEvents, MediaEngineStats, MediaRoom } from '../MediaEngineTypes.js';
import { SfuMetrics, type WorkerCpuSample } from '../metrics.js';
import { choosePeerWorker, leastLoadedBy } from '../placement.js';
import { RoomPlacement } from '../RoomPlacement.js';
import type { RtpCapabilities } from '../TransportNegotiationTypes.js';
import { resolveMediasoupOptions, type MediasoupEngineOptions, type ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';
import { MediasoupRoom } from './MediasoupRoom.js';
import { capabilitiesFromMediasoup } from './ortcMapping.js';
import { ROUTER_MEDIA_CODECS, peerCapabilities } from './routerCodecs.js';
import { WorkerHost } from './WorkerHost.js';
import { srtpLibraryChosen } from '../native/srtpMetric.js';
import { socketBufferShortfall } from './socketBuffers.js';
import { workerForEngine, type MediasoupWorkerBinary } from './workerBinary.js';

/** mediasoup's own log lines (Node side, and the workers' stderr) go to the engine's logger. */
function routeMediasoupLogs(log: Logger): void {
  mediasoup.setLogEventListeners({
    onwarn: (namespace, text) => log.warn({ namespace }, text),
    onerror: (namespace, text, err) => log.error({ namespace, err }, text),
  });
}

export class MediasoupEngine extends TypedEmitter<MediaEngineEvents> implements MediaEngine {
  readonly kind = 'mediasoup';
  readonly #options: ResolvedMediasoupOptions;
  readonly #log: Logger;
  readonly #metrics: SfuMetrics;
  readonly #hosts: WorkerHost[] = [];
  readonly #rooms = new Map<string, MediasoupRoom>();
  /** Rooms being created by createRoom(), by id (an id is reserved until it resolves). */
  readonly #creating = new Set<string>();
  readonly #placement: RoomPlacement<WorkerHost, MediasoupRoom>;
  /** What every router offers peers (the same codecs everywhere), known before any router exists. */
  readonly rtpCapabilities: RtpCapabilities;
  #closed = false;
  #loadTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(options: ResolvedMediasoupOptions, deps: MediaEngineDeps) {
    const log = deps.logger;
    super((event, error) => log.error({ err: error, event }, 'sfu engine listener threw'));
    this.#options = options;
    this.#log = log;
    this.#metrics = new SfuMetrics(deps.registry);
    this.#placement = new RoomPlacement({ log, pick: () => leastLoadedBy(this.#load(), ['consumers', 'peers', 'rooms']) });
    const routerCaps = mediasoup.ortc.generateRouterRtpCapabilities(ROUTER_MEDIA_CODECS);
    this.rtpCapabilities = capabilitiesFromMediasoup(peerCapabilities(routerCaps, options.transportWideCc));
  }

  /**
   * Starts the workers and resolves once all are up (or `startTimeoutMs` passed with at least
   * one up: the others keep retrying). Rejects with an UnavailableError, saying why, when none
   * starts (a missing or broken worker binary, a port in use).
   */
  static async start(options: MediasoupEngineOptions, deps: MediaEngineDeps): Promise<MediasoupEngine> {
    // Throws a WorkerBinaryError naming `npm run media:build` when there is no worker for the
    // installed mediasoup version (or the one found does not match its stamp).
    const binary = workerForEngine(options.workerBin, process.env, options.srtpLibrary);
    const resolved = resolveMediasoupOptions({ ...options, workerBin: binary.workerBin });
    const engine = new MediasoupEngine(resolved, deps);
    routeMediasoupLogs(engine.#log);
    engine.#reportWorkerBinary(binary, deps);
    const shortfall = socketBufferShortfall(resolved.socketBufferBytes);
    if (shortfall) engine.#log.warn({ socketBufferBytes: resolved.socketBufferBytes }, `sfu: ${shortfall}`);
    for (let i = 0; i < resolved.workers; i++) {
      const host = new WorkerHost(resolved, i, engine.#log);
      engine.#hosts.push(host);
      host.on('up', () => engine.#hostUp(host));
      host.on('down', (reason) => engine.#hostDown(host, reason));
      host.start();
    }
    engine.#metrics.watchWorkerCpu(() => engine.#cpuSamples());
    engine.#watchLoad();
    const results = await Promise.allSettled(engine.#hosts.map((h) => h.waitUp(resolved.startTimeoutMs)));
    if (!results.some((r) => r.status === 'fulfilled')) {
      const why = engine.#hosts.map((h) => h.lastFailure).find((r) => r !== undefined) ?? 'no worker started in time';
      await engine.close();
      throw new UnavailableError(`no mediasoup worker started: ${why}`);
    }
    return engine;
  }

  /** One start-up line and the /metrics gauge: which worker runs and which SRTP library it encrypts with. */
  #reportWorkerBinary(binary: MediasoupWorkerBinary, deps: MediaEngineDeps): void {
    srtpLibraryChosen(deps.registry, 'mediasoup', binary.srtpLibrary);
    const fields = { workerBin: binary.workerBin, srtpLibrary: binary.srtpLibrary, workerSource: binary.source };
    if (binary.warning) this.#log.warn(fields, `sfu: ${binary.warning}`);
    if (binary.srtpLibrary === 'system') {
      this.#log.warn(fields, 'sfu: mediasoup worker SRTP through the system libsrtp2 (NSS on Debian, slower): the OpenSSL build was not in the cache when the worker was built (`npm run media:build` says why)');
    } else {
      this.#log.info(fields, `sfu: mediasoup ${binary.version} worker (${binary.source}), SRTP through ${binary.srtpLibrary === 'openssl' ? 'OpenSSL' : 'an unknown library'}`);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get ready(): boolean {
    return this.#hosts.some((h) => h.up);
  }

  /** Pids of the running worker processes, by worker id (for supervision tests and tools). */
  instancePids(): Record<string, number | undefined> {
    return Object.fromEntries(this.#hosts.map((h) => [h.id, h.pid]));
  }

  /** Id of the worker room `id` is on (or being re-created on), if the room exists. */
  instanceOf(roomId: string): string | undefined {
    return this.#rooms.get(roomId)?.instanceId;
  }

  /** Id of the worker peer `peerId` of room `roomId` has its transports on (the cascade spreads a room's peers). */
  instanceOfPeer(roomId: string, peerId: string): string | undefined {
    return this.#rooms.get(roomId)?.workerOf(peerId);
  }

  /** A room's routers by worker, the origin first, with their peers and pipes (tests, tools, benches). */
  roomRouters(roomId: string): Array<{ worker: string; origin: boolean; peers: number; pipes: number }> {
    return this.#rooms.get(roomId)?.routers() ?? [];
  }

  /** What placement sees of each worker now: consumers and peers over every room, measured CPU (share of a core). */
  workerLoads(): Array<{ id: string; up: boolean; consumers: number; peers: number; cpu: number | undefined }> {
    return this.#load().map(({ id, up, consumers, peers, cpu }) => ({ id, up, consumers, peers, cpu }));
  }

  /** The limits a worker is full at, for peer placement (in-node cascade, edges between nodes). */
  get peerLimits(): { consumers: number; cpu: number } {
    return { consumers: this.#options.workerCapacity, cpu: this.#options.workerCpuLimit };
  }

  /** The media port of each worker (UDP and TCP), by worker id. */
  ports(): Record<string, number> {
    return Object.fromEntries(this.#hosts.map((h) => [h.id, h.port]));
  }

  async createRoom(id: string): Promise<MediasoupRoom> {
    if (this.#closed) throw new UnavailableError('the media engine is closed');
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw new ValidationError('invalid room id');
    if (this.#rooms.has(id) || this.#creating.has(id)) throw new ConflictError(`media room ${id} already exists`);
    this.#creating.add(id);
    const room = new MediasoupRoom(id, {
      options: this.#options,
      log: this.#log,
      metrics: this.#metrics,
      rtpCapabilities: this.rtpCapabilities,
      onClosed: (r) => this.#forget(r),
      pickWorker: (origin) => this.#pickPeerWorker(origin),
    });
    try {
      await this.#placement.placeWithin(room, this.#options.recreateWaitMs);
    } finally {
      this.#creating.delete(id);
    }
    if (this.#closed) {
      room.engineClosed();
      throw new UnavailableError('the media engine is closed');
    }
    this.#rooms.set(id, room);
    this.#metrics.roomOpened();
    return room;
  }

  room(id: string): MediaRoom | undefined {
    return this.#rooms.get(id);
  }

  /** The room with its mediasoup side (for NodePipes, which pipes rooms between nodes). */
  mediasoupRoom(id: string): MediasoupRoom | undefined {
    return this.#rooms.get(id);
  }

  stats(): MediaEngineStats {
    return {
      instancesConfigured: this.#hosts.length,
      instancesUp: this.#hosts.filter((h) => h.up).length,
      restarts: this.#hosts.reduce((n, h) => n + h.restarts, 0),
      rooms: this.#rooms.size,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#loadTimer);
    this.#placement.close();
    for (const room of this.#rooms.values()) {
      room.engineClosed();
      this.#metrics.roomClosed();
    }
    this.#rooms.clear();
    for (const h of this.#hosts) if (h.up) this.#metrics.instanceWentDown();
    await Promise.all(this.#hosts.map((h) => h.close()));
    this.removeAllListeners();
  }

  #forget(room: MediasoupRoom): void {
    if (this.#rooms.get(room.id) !== room) return;
    this.#rooms.delete(room.id);
    this.#metrics.roomClosed();
  }

  async #cpuSamples(): Promise<WorkerCpuSample[]> {
    const samples = await Promise.all(
      this.#hosts.map(async (h) => {
        const pid = h.pid;
        const cpuSeconds = await h.cpuSeconds();
        return pid === undefined || cpuSeconds === undefined ? undefined : { worker: h.id, pid, cpuSeconds };
      }),
    );
    return samples.filter((s): s is WorkerCpuSample => s !== undefined);
  }

  /**
   * Load of each worker: consumers are what costs, then peers, then rooms (all 0 for a new day),
   * summed over every room with peers there (a cascaded room counts on each of its workers).
   */
  #load() {
    const rooms = [...this.#rooms.values()];
    return this.#hosts.map((host) => {
      let consumers = 0;
      let peers = 0;
      for (const r of rooms) {
        const l = r.loadOn(host.id);
        consumers += l.consumers;
        peers += l.peers;
      }
      return { id: host.id, up: host.up, host, consumers, peers, rooms: rooms.filter((r) => r.instanceId === host.id).length, cpu: host.cpuLoad };
    });
  }

  /** The worker for a new peer of a room whose origin is on `origin` (placement.ts choosePeerWorker). */
  #pickPeerWorker(origin: WorkerHost): WorkerHost | undefined {
    const load = this.#load();
    const id = choosePeerWorker(load, origin.id, { consumers: this.#options.workerCapacity, cpu: this.#options.workerCpuLimit });
    return load.find((l) => l.id === id)?.host;
  }

  /** Samples every worker's CPU each `loadSampleMs` (measured load for placement; with one worker there is no choice). */
  #watchLoad(): void {
    if (this.#hosts.length < 2) return;
    this.#loadTimer = setInterval(() => {
      for (const h of this.#hosts) void h.sampleCpu().catch(() => undefined);
    }, this.#options.loadSampleMs);
    this.#loadTimer.unref();
  }

  #hostUp(host: WorkerHost): void {
    this.#metrics.instanceCameUp();
    if (host.restarts > 0) this.#metrics.instanceRestarted(host.id);
    this.#placement.instanceUp();
    this.safeEmit('instanceUp', host.id);
  }

  #hostDown(host: WorkerHost, reason: string): void {
    this.#metrics.instanceWentDown();
    this.safeEmit('instanceDown', host.id, reason);
    this.#placement.instanceDown(host.id, reason, this.#rooms.values());
  }
}

/**
 * Starts a mediasoup media engine (see MediasoupEngineOptions for the options and their
 * defaults). Resolves once at least one worker serves; close() stops every worker process.
 */
export function createMediasoupEngine(options: MediasoupEngineOptions, deps: MediaEngineDeps): Promise<MediasoupEngine> {
  return MediasoupEngine.start(options, deps);
}

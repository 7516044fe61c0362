/**
 * The media engine (MediaEngine) on Janus: it supervises one Janus process per instance,
 * places each room on the least-loaded instance, and re-creates the rooms of an instance
 * that died on another one (or on the same one once it has restarted).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, TypedEmitter, UnavailableError, ValidationError, type Logger, type Registry } from '../platform/index.js';
import { JanusInstance } from './JanusInstance.js';
import { resolveJanusOptions, type JanusMediaEngineOptions, type ResolvedJanusOptions } from './JanusMediaEngineTypes.js';
import { KNOWN_MODULES, type ModuleFolder } from './janusConfig.js';
import { JanusRoom } from './JanusRoom.js';
import type { MediaEngine, MediaEngineEvents, MediaEngineStats, SdpMediaRoom } from './MediaEngineTypes.js';
import { SfuMetrics } from './metrics.js';
import { leastLoaded } from './placement.js';
import { killStaleJanus } from './processes.js';
import { RoomPlacement } from './RoomPlacement.js';
import { resolveSrtpLibrary } from './native/srtpLibrary.js';
import { srtpLibraryChosen } from './native/srtpMetric.js';

export interface MediaEngineDeps {
  logger: Logger;
  /** The app's private metrics registry (never prom-client's global one). */
  registry: Registry;
}

async function listModules(libDir: string): Promise<Record<ModuleFolder, string[]>> {
  const out = {} as Record<ModuleFolder, string[]>;
  for (const folder of Object.keys(KNOWN_MODULES) as ModuleFolder[]) {
    out[folder] = await readdir(join(libDir, folder)).catch(() => []);
  }
  return out;
}

export class JanusMediaEngine extends TypedEmitter<MediaEngineEvents> implements MediaEngine {
  readonly kind = 'janus';
  readonly #options: ResolvedJanusOptions;
  readonly #log: Logger;
  readonly #metrics: SfuMetrics;
  readonly #instances: JanusInstance[] = [];
  readonly #rooms = new Map<string, JanusRoom>();
  /** Rooms being created by createRoom(), by id (an id is reserved until it resolves). */
  readonly #creating = new Set<string>();
  readonly #placement: RoomPlacement<JanusInstance, JanusRoom>;
  #closed = false;

  private constructor(options: ResolvedJanusOptions, deps: MediaEngineDeps) {
    const log = deps.logger;
    super((event, error) => log.error({ err: error, event }, 'sfu engine listener threw'));
    this.#options = options;
    this.#log = log;
    this.#metrics = new SfuMetrics(deps.registry);
    this.#placement = new RoomPlacement({ log, pick: () => leastLoaded(this.#load()) });
  }

  /**
   * Kills Janus processes a previous run left in `runtimeDir`, starts the instances and
   * resolves once all are up (or `startTimeoutMs` passed with at least one up: the others keep
   * retrying). Rejects with an UnavailableError when none starts.
   */
  static async start(options: JanusMediaEngineOptions, deps: MediaEngineDeps): Promise<JanusMediaEngine> {
    const resolved = resolveJanusOptions(options);
    const engine = new JanusMediaEngine(resolved, deps);
    await mkdir(resolved.runtimeDir, { recursive: true, mode: 0o700 });
    const stale = await killStaleJanus(resolved.runtimeDir);
    if (stale.length > 0) engine.#log.warn({ pids: stale }, 'sfu: killed Janus processes left by a previous run');
    const foundModules = await listModules(resolved.janusLibDir);
    if (foundModules.plugins.length === 0) {
      throw new ValidationError(`no Janus plugins found in ${resolved.janusLibDir}/plugins (option janusLibDir)`);
    }
    const srtp = resolveSrtpLibrary({ prefer: resolved.srtpLibrary });
    srtpLibraryChosen(deps.registry, 'janus', srtp.library);
    if (srtp.library === 'openssl') engine.#log.info({ srtpLibrary: srtp.library }, `sfu: Janus SRTP through OpenSSL: ${srtp.detail}`);
    else engine.#log.warn({ srtpLibrary: srtp.library }, `sfu: Janus SRTP through the system libsrtp2 (NSS on Debian, slower): ${srtp.detail}`);
    for (let i = 0; i < resolved.instances; i++) {
      const instance = new JanusInstance(resolved, i, {
        log: engine.#log,
        observe: (request, seconds, ok) => engine.#metrics.requestFinished(request, seconds, ok),
        foundModules,
        srtpLibDir: srtp.sharedLibDir,
      });
      engine.#instances.push(instance);
      instance.on('up', () => engine.#instanceUp(instance));
      instance.on('down', (reason) => engine.#instanceDown(instance, reason));
      instance.start();
    }
    const results = await Promise.allSettled(engine.#instances.map((i) => i.waitUp(resolved.startTimeoutMs)));
    if (!results.some((r) => r.status === 'fulfilled')) {
      await engine.close();
      throw new UnavailableError('no media server instance started; see the Janus logs in the runtime folder');
    }
    return engine;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get ready(): boolean {
    return this.#instances.some((i) => i.up);
  }

  /** Pids of the running Janus processes, by instance id (for supervision tests and tools). */
  instancePids(): Record<string, number | undefined> {
    return Object.fromEntries(this.#instances.map((i) => [i.id, i.pid]));
  }

  /** Id of the instance room `id` is on (or being re-created on), if the room exists. */
  instanceOf(roomId: string): string | undefined {
    return this.#rooms.get(roomId)?.instanceId;
  }

  async createRoom(id: string): Promise<SdpMediaRoom> {
    if (this.#closed) throw new UnavailableError('the media engine is closed');
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) throw new ValidationError('invalid room id');
    if (this.#rooms.has(id) || this.#creating.has(id)) throw new ConflictError(`media room ${id} already exists`);
    this.#creating.add(id);
    const room = new JanusRoom(id, {
      options: this.#options,
      log: this.#log,
      metrics: this.#metrics,
      onClosed: (r) => this.#forget(r),
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

  room(id: string): SdpMediaRoom | undefined {
    return this.#rooms.get(id);
  }

  stats(): MediaEngineStats {
    return {
      instancesConfigured: this.#instances.length,
      instancesUp: this.#instances.filter((i) => i.up).length,
      restarts: this.#instances.reduce((n, i) => n + i.restarts, 0),
      rooms: this.#rooms.size,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#placement.close();
    for (const room of this.#rooms.values()) {
      room.engineClosed();
      this.#metrics.roomClosed();
    }
    this.#rooms.clear();
    for (const i of this.#instances) if (i.up) this.#metrics.instanceWentDown();
    await Promise.all(this.#instances.map((i) => i.close()));
    this.removeAllListeners();
  }

  #forget(room: JanusRoom): void {
    if (this.#rooms.get(room.id) !== room) return;
    this.#rooms.delete(room.id);
    this.#metrics.roomClosed();
  }

  #load() {
    return this.#instances.map((instance) => {
      const rooms = [...this.#rooms.values()].filter((r) => r.instanceId === instance.id);
      return { id: instance.id, up: instance.up, host: instance, rooms: rooms.length, peers: rooms.reduce((n, r) => n + r.peerCount, 0) };
    });
  }

  #instanceUp(instance: JanusInstance): void {
    this.#metrics.instanceCameUp();
    if (instance.restarts > 0) this.#metrics.instanceRestarted(instance.id);
    this.#placement.instanceUp();
    this.safeEmit('instanceUp', instance.id);
  }

  #instanceDown(instance: JanusInstance, reason: string): void {
    this.#metrics.instanceWentDown();
    this.safeEmit('instanceDown', instance.id, reason);
    this.#placement.instanceDown(instance.id, reason, this.#rooms.values());
  }
}

/**
 * Starts a Janus media engine (see JanusMediaEngineOptions for the options and their defaults).
 * Resolves once at least one instance serves; close() stops every Janus process.
 */
export function createJanusMediaEngine(options: JanusMediaEngineOptions, deps: MediaEngineDeps): Promise<JanusMediaEngine> {
  return JanusMediaEngine.start(options, deps);
}

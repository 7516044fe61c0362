/**
 * One supervised mediasoup worker process and its WebRtcServer (the worker's one UDP and one
 * TCP media port).
 *
 * Lifecycle: start() runs a loop that spawns the worker, opens its WebRtcServer on
 * `port + index`, emits `up`, and waits until the worker dies. It then emits `down` (only if it
 * had been up), waits the backoff delay and starts again, forever, until close(). The routers of
 * a dead worker are gone with it; the engine re-creates its rooms (see MediasoupEngine).
 *
 * A worker's process ends when its channel to Node closes, so it dies with a SIGKILLed server
 * (verified by mediasoupProcesses.int.test.ts); nothing is left to clean up at the next start.
 */
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TypedEmitter, UnavailableError, deferred, sleep, type Deferred, type Logger } from '../../platform/index.js';
import { RestartBackoff } from '../backoff.js';
import { isAlive } from '../processes.js';
import type { ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';

export interface WorkerHostEvents {
  [event: string]: unknown[];
  up: [];
  down: [reason: string];
}

export type WorkerState = 'idle' | 'starting' | 'up' | 'down' | 'closed';

/** What one life of the worker serves with. */
export interface ServingWorker {
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
}

/**
 * mediasoup's Worker closes itself on SIGINT/SIGTERM (process listeners added in its
 * constructor). The app's shutdown owns those signals and closes the engine in its own order
 * (sockets first, then rooms), so the listeners the constructor added are removed again. The
 * constructor runs synchronously inside createWorker(), so the listeners added meanwhile are
 * exactly mediasoup's.
 */
function createWorkerWithoutSignalHandlers(settings: types.WorkerSettings): Promise<types.Worker> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((s) => new Set(process.listeners(s)));
  const created = mediasoup.createWorker(settings);
  signals.forEach((s, i) => {
    for (const listener of process.listeners(s)) if (!before[i]?.has(listener)) process.removeListener(s, listener);
  });
  return created;
}

export class WorkerHost extends TypedEmitter<WorkerHostEvents> {
  readonly id: string;
  readonly index: number;
  /** The media port of this worker (UDP and TCP). */
  readonly port: number;
  readonly #options: ResolvedMediasoupOptions;
  readonly #log: Logger;
  readonly #backoff: RestartBackoff;
  readonly #abort = new AbortController();
  #state: WorkerState = 'idle';
  #serving: ServingWorker | null = null;
  #pid: number | undefined;
  #starts = 0;
  #loop: Promise<void> | null = null;
  readonly #upWaiters = new Set<Deferred<void>>();
  /** Resolves the current life's wait when the worker dies (or close() is called). */
  #ended: Deferred<string> | null = null;
  #lastFailure: string | undefined;
  #cpuMark: { pid: number; atMs: number; cpuSeconds: number } | undefined;
  #cpuLoad: number | undefined;

  constructor(options: ResolvedMediasoupOptions, index: number, log: Logger) {
    super((event, error) => log.error({ err: error, event }, 'sfu worker listener threw'));
    this.index = index;
    this.id = `mediasoup-${index}`;
    this.port = options.port + index;
    this.#options = options;
    this.#log = log;
    this.#backoff = new RestartBackoff(options.restartBackoff);
  }

  get state(): WorkerState {
    return this.#state;
  }

  /**
   * Serving now. False from the moment mediasoup learns the worker died: it closes the routers
   * (whose listeners may place peers again at once) before the 'died' event ends this life.
   */
  get up(): boolean {
    return this.#state === 'up' && this.#serving !== null && !this.#serving.worker.closed;
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Pid of the running worker process, if any. */
  get pid(): number | undefined {
    return this.#serving ? this.#pid : undefined;
  }

  /** Times the worker was started again after the first start. */
  get restarts(): number {
    return Math.max(0, this.#starts - 1);
  }

  /** Why the last start or life of the worker ended, if one did (for start-up errors and logs). */
  get lastFailure(): string | undefined {
    return this.#lastFailure;
  }

  /** The running worker and its WebRtcServer; throws an UnavailableError when it is not up. */
  serving(): ServingWorker {
    if (!this.up || !this.#serving) throw new UnavailableError('The media server is restarting, try again shortly');
    return this.#serving;
  }

  /** CPU seconds (user + system) the running worker has used, if it is up. */
  async cpuSeconds(): Promise<number | undefined> {
    const serving = this.#serving;
    if (!serving || !this.up) return undefined;
    const ru = await serving.worker.getResourceUsage().catch(() => undefined);
    return ru ? (ru.ru_utime + ru.ru_stime) / 1000 : undefined;
  }

  /** Share of one core the worker used between the last two samples (sampleCpu); undefined when down or not sampled yet. */
  get cpuLoad(): number | undefined {
    return this.up ? this.#cpuLoad : undefined;
  }

  /**
   * Reads the worker's CPU time (getResourceUsage) and sets cpuLoad from the difference with the
   * previous reading of the same process: measured load, for placing peers (docs/sfu.md "Cascade").
   */
  async sampleCpu(nowMs = Date.now()): Promise<void> {
    const pid = this.pid;
    const cpuSeconds = await this.cpuSeconds();
    if (pid === undefined || cpuSeconds === undefined) {
      this.#cpuMark = undefined;
      this.#cpuLoad = undefined;
      return;
    }
    const mark = this.#cpuMark;
    if (mark && mark.pid === pid && nowMs > mark.atMs) this.#cpuLoad = Math.max(0, (cpuSeconds - mark.cpuSeconds) / ((nowMs - mark.atMs) / 1000));
    this.#cpuMark = { pid, atMs: nowMs, cpuSeconds };
  }

  start(): void {
    if (this.#loop || this.closed) return;
    this.#loop = this.#run().catch((err: unknown) => this.#log.error({ err, worker: this.id }, 'sfu worker loop failed'));
  }

  /** Resolves when the worker is up; rejects with an UnavailableError after `timeoutMs`. */
  async waitUp(timeoutMs: number): Promise<void> {
    if (this.up) return;
    const d = deferred<void>();
    this.#upWaiters.add(d);
    const timer = setTimeout(() => d.reject(new UnavailableError(`media server ${this.id} did not start in time`)), timeoutMs);
    try {
      await d.promise;
    } finally {
      clearTimeout(timer);
      this.#upWaiters.delete(d);
    }
  }

  /** Closes the worker (its routers and transports with it) and waits for its process to exit. Safe twice. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#abort.abort();
    for (const d of this.#upWaiters) d.reject(new UnavailableError(`media server ${this.id} is closed`));
    this.#ended?.resolve('closed');
    await this.#loop;
    this.removeAllListeners();
  }

  async #run(): Promise<void> {
    while (!this.closed) {
      const { reason, wasUp } = await this.#serveOnce();
      if (this.closed) return;
      this.#lastFailure = reason;
      this.#state = 'down';
      const delay = this.#backoff.down(Date.now());
      this.#log.warn({ worker: this.id, reason, restartInMs: delay, wasUp }, 'sfu: mediasoup worker stopped');
      if (wasUp) this.safeEmit('down', reason);
      await sleep(delay, this.#abort.signal).catch(() => undefined);
    }
  }

  /** One life of the worker; returns why it ended and whether it had served. */
  async #serveOnce(): Promise<{ reason: string; wasUp: boolean }> {
    this.#state = 'starting';
    const ended = deferred<string>();
    this.#ended = ended;
    let worker: types.Worker;
    try {
      this.#starts++;
      worker = await createWorkerWithoutSignalHandlers({
        workerBin: this.#options.workerBin,
        logLevel: this.#options.workerLogLevel,
        disableLiburing: true,
        appData: { host: this.id },
      });
    } catch (err) {
      return { reason: `could not start ${this.#options.workerBin}: ${(err as Error).message}`, wasUp: false };
    }
    this.#pid = worker.pid;
    worker.on('died', (err) => ended.resolve(`died: ${err.message}`));
    worker.observer.once('close', () => ended.resolve('closed'));
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: this.#listenInfos(), appData: { host: this.id } });
    } catch (err) {
      await this.#stop(worker);
      return { reason: `could not listen on port ${this.port} (udp, tcp): ${(err as Error).message}`, wasUp: false };
    }
    if (this.closed || worker.closed) {
      await this.#stop(worker);
      return { reason: 'closed', wasUp: false };
    }
    this.#serving = { worker, webRtcServer };
    this.#state = 'up';
    this.#backoff.up(Date.now());
    this.#log.info({ worker: this.id, pid: worker.pid, port: this.port, restarts: this.restarts }, 'sfu: mediasoup worker up');
    for (const d of this.#upWaiters) d.resolve();
    this.safeEmit('up');
    const reason = await ended.promise;
    // Not up any more from this moment: placement and calls must not pick this worker.
    if (!this.closed) this.#state = 'down';
    this.#serving = null;
    await this.#stop(worker);
    return { reason, wasUp: true };
  }

  #listenInfos(): types.WebRtcServerListenInfo[] {
    const { listenIp, announcedAddress, socketBufferBytes } = this.#options;
    const announced = announcedAddress === listenIp ? {} : { announcedAddress };
    // 0: leave the kernel's default (mediasoup sets nothing for 0).
    const buffers = socketBufferBytes > 0 ? { sendBufferSize: socketBufferBytes, recvBufferSize: socketBufferBytes } : {};
    return (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: listenIp, port: this.port, ...announced, ...buffers }));
  }

  /** Closes `worker` (if not dead already) and waits for its process to exit; SIGKILL after stopTimeoutMs. */
  async #stop(worker: types.Worker): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (worker.subprocessClosed) resolve();
      else worker.once('subprocessclose', () => resolve());
    });
    worker.close();
    const timer = setTimeout(() => {
      if (isAlive(worker.pid)) {
        this.#log.warn({ worker: this.id, pid: worker.pid }, 'sfu: mediasoup worker did not exit, killing it');
        process.kill(worker.pid, 'SIGKILL');
      }
    }, this.#options.stopTimeoutMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

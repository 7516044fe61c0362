/**
 * One supervised Janus process and the janode session the sfu drives it through.
 *
 * Lifecycle: start() runs a loop that writes a fresh config (new WebSocket port, new secrets),
 * spawns `janus -F <dir> -C <dir>/janus.jcfg`, connects, emits `up`, and waits until the
 * process exits or the connection is lost. It then emits `down` (only if it had been up),
 * kills what is left of the process (a Janus we lost the connection to cannot be trusted),
 * waits the backoff delay and starts again, forever, until close().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  TypedEmitter,
  UnavailableError,
  deferred,
  newSecret,
  sleep,
  type Deferred,
  type Logger,
} from '../platform/index.js';
import type { ResolvedJanusOptions } from './JanusMediaEngineTypes.js';
import { RestartBackoff } from './backoff.js';
import { JanusSession, type RequestObserver } from './janusClient.js';
import { renderInstanceConfig, type ModuleFolder } from './janusConfig.js';
import { janusEnvironment } from './native/srtpLibrary.js';
import { pickFreePort, removeFile, stopChild, writePidFile } from './processes.js';

const SETPRIV = '/usr/bin/setpriv';

export interface JanusInstanceEvents {
  [event: string]: unknown[];
  up: [];
  down: [reason: string];
}

export type InstanceState = 'idle' | 'starting' | 'up' | 'down' | 'closed';

export interface JanusInstanceDeps {
  log: Logger;
  observe: RequestObserver;
  foundModules: Record<ModuleFolder, readonly string[]>;
  /** Folder of the OpenSSL build of libsrtp2.so.1 to load instead of the system one (none: system). */
  srtpLibDir?: string | undefined;
}

type Exit = { reason: string };

const OUTPUT_TAIL_BYTES = 2048;

export class JanusInstance extends TypedEmitter<JanusInstanceEvents> {
  readonly id: string;
  readonly index: number;
  readonly dir: string;
  readonly #options: ResolvedJanusOptions;
  readonly #deps: JanusInstanceDeps;
  readonly #backoff: RestartBackoff;
  readonly #abort = new AbortController();
  #state: InstanceState = 'idle';
  #session: JanusSession | null = null;
  #child: ChildProcess | null = null;
  #adminKey = '';
  /** Where the running process serves its API, and the secret it requires. */
  #apiUrl = { url: '', apiSecret: '' };
  #starts = 0;
  #loop: Promise<void> | null = null;
  #upWaiters = new Set<Deferred<void>>();

  constructor(options: ResolvedJanusOptions, index: number, deps: JanusInstanceDeps) {
    super((event, error) => deps.log.error({ err: error, event }, 'sfu instance listener threw'));
    this.index = index;
    this.id = `janus-${index}`;
    this.dir = join(options.runtimeDir, this.id);
    this.#options = options;
    this.#deps = deps;
    this.#backoff = new RestartBackoff(options.restartBackoff);
  }

  get state(): InstanceState {
    return this.#state;
  }

  get up(): boolean {
    return this.#state === 'up';
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Pid of the running Janus process, if any. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Times the process was started again after the first start. */
  get restarts(): number {
    return Math.max(0, this.#starts - 1);
  }

  /** The VideoRoom admin_key of the running process (needed to create rooms). */
  get adminKey(): string {
    return this.#adminKey;
  }

  /** The session of the running process; throws an UnavailableError when it is not up. */
  session(): JanusSession {
    if (this.#state !== 'up' || !this.#session) throw new UnavailableError('The media server is restarting, try again shortly');
    return this.#session;
  }

  start(): void {
    if (this.#loop || this.closed) return;
    this.#loop = this.#run().catch((err: unknown) => this.#deps.log.error({ err, instance: this.id }, 'sfu instance loop failed'));
  }

  /** Resolves when the instance is up; rejects with an UnavailableError after `timeoutMs`. */
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

  /** Stops the process (SIGTERM, then SIGKILL) and the loop. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#abort.abort();
    for (const d of this.#upWaiters) d.reject(new UnavailableError(`media server ${this.id} is closed`));
    const session = this.#session;
    this.#session = null;
    await session?.close();
    if (this.#child) await stopChild(this.#child, this.#options.stopTimeoutMs);
    await this.#loop;
    await removeFile(join(this.dir, 'janus.pid'));
    this.removeAllListeners();
  }

  async #run(): Promise<void> {
    while (!this.closed) {
      const { reason, wasUp } = await this.#serveOnce();
      if (this.closed) return;
      this.#state = 'down';
      this.#session = null;
      const delay = this.#backoff.down(Date.now());
      this.#deps.log.warn({ instance: this.id, reason, restartInMs: delay, wasUp }, 'sfu: Janus instance stopped');
      if (wasUp) this.safeEmit('down', reason);
      await sleep(delay, this.#abort.signal).catch(() => undefined);
    }
  }

  /** One life of the process; returns why it ended and whether it had served. */
  async #serveOnce(): Promise<{ reason: string; wasUp: boolean }> {
    this.#state = 'starting';
    const { child, exited, tail } = await this.#spawn();
    const lost = deferred<Exit>();
    const session = await this.#connect(exited);
    if (!session) {
      await this.#kill(child, exited);
      const ended = await exited;
      return { reason: `${ended.reason} during start-up${tail() ? `: ${tail()}` : ''}`, wasUp: false };
    }
    if (this.closed) {
      await session.close();
      return { reason: 'closed', wasUp: false };
    }
    session.onLost((reason) => lost.resolve({ reason }));
    this.#session = session;
    this.#state = 'up';
    this.#backoff.up(Date.now());
    this.#deps.log.info({ instance: this.id, pid: child.pid, restarts: this.restarts }, 'sfu: Janus instance up');
    for (const d of this.#upWaiters) d.resolve();
    this.safeEmit('up');
    const ended = await Promise.race([exited, lost.promise]);
    // Not up any more from this moment: placement and calls must not pick this instance.
    if (!this.closed) this.#state = 'down';
    this.#session = null;
    await session.close();
    await this.#kill(child, exited);
    return { reason: ended.reason, wasUp: true };
  }

  async #spawn(): Promise<{ child: ChildProcess; exited: Promise<Exit>; tail: () => string }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.#adminKey = newSecret(24);
    const apiSecret = newSecret(24);
    const wsPort = await pickFreePort();
    const files = renderInstanceConfig(this.#options, {
      index: this.index,
      dir: this.dir,
      wsPort,
      apiSecret,
      adminKey: this.#adminKey,
      foundModules: this.#deps.foundModules,
    });
    for (const [name, text] of Object.entries(files)) await writeFile(join(this.dir, name), text, { mode: 0o600 });
    const janusArgs = [this.#options.janusBinary, '-F', this.dir, '-C', join(this.dir, 'janus.jcfg')];
    // setpriv execs Janus (same pid) with a parent-death signal: no orphan if the server dies.
    const argv = this.#options.killWithServer && existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...janusArgs] : janusArgs;
    const env = janusEnvironment(this.#deps.srtpLibDir);
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.#child = child;
    this.#starts++;
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<Exit>((resolve) => {
      child.once('error', (err) => resolve({ reason: `could not start ${this.#options.janusBinary}: ${err.message}` }));
      child.once('exit', (code, signal) => resolve({ reason: signal ? `killed by ${signal}` : `exited with code ${code}` }));
    });
    if (child.pid !== undefined) await writePidFile(join(this.dir, 'janus.pid'), child.pid).catch(() => undefined);
    this.#apiUrl = { url: `ws://127.0.0.1:${wsPort}`, apiSecret };
    return { child, exited, tail: () => output.trim().split('\n').slice(-5).join(' | ') };
  }

  /** Connects to the fresh process; gives up when it exits, on timeout or on close(). */
  async #connect(exited: Promise<Exit>): Promise<JanusSession | null> {
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + this.#options.startTimeoutMs;
    while (!gone && !this.closed && Date.now() < deadline) {
      try {
        const session = await JanusSession.open(this.#apiUrl.url, this.#apiUrl.apiSecret, this.#options.requestTimeoutMs, this.#deps.observe);
        if (!gone) return session;
        await session.close();
      } catch {
        // Janus has not opened its WebSocket port yet.
      }
      await sleep(50, this.#abort.signal).catch(() => undefined);
    }
    return null;
  }

  async #kill(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    if (this.#child === child) this.#child = null;
    await removeFile(join(this.dir, 'janus.pid'));
  }
}

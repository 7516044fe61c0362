/**
 * A throwaway Redis server for integration tests: `redis-server` (the Debian package) on a
 * free 127.0.0.1 port, in a temp folder, with no persistence (`--save '' --appendonly no`).
 * Start one per test file (a few tens of ms), give each test its own key prefix
 * (`newPrefix()`), and `stop()` it in afterAll: it shuts down and deletes the folder.
 * Never points at a system Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOnFreePort } from './ports.js';

export interface TestRedisOptions {
  /** The redis-server executable. Default $REDIS_SERVER or /usr/bin/redis-server. */
  binary?: string;
  /** Time allowed to answer PING after a start. Default 10000 ms. */
  startTimeoutMs?: number;
}

export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** A key prefix unique in this server ("t3_ab12cd:"): a clean slate for one test. */
  newPrefix(): string;
  /** Kills the server with SIGKILL; every key is lost (there is no persistence). */
  crash(): Promise<void>;
  /** Starts it again on the same port (after `crash`), empty. */
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const binary = options.binary ?? process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) throw new Error(`${binary} not found: apt-get install -y redis-server`);
  const server = new Server(binary, mkdtempSync(join(tmpdir(), 'classroom-redis-')), options.startTimeoutMs ?? 10_000);
  try {
    await server.start();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

class Server implements TestRedis {
  port = 0;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #prefixes = 0;
  #stopped = false;
  readonly #onExit = () => this.#killNow();

  constructor(
    readonly binary: string,
    readonly dir: string,
    readonly startTimeoutMs: number,
  ) {
    process.once('exit', this.#onExit);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  newPrefix(): string {
    return `t${++this.#prefixes}_${Math.random().toString(36).slice(2, 8)}:`;
  }

  /** Starts on a free port (the same one on a restart); retried elsewhere if it was taken. */
  async start(): Promise<void> {
    this.port = await startOnFreePort(this.port || undefined, (port) => this.#startOn(port));
  }

  /**
   * The same port, strictly: a client that reconnects must find the new server where the old one
   * was. Refused while the old one runs (a restart without crash() once started a second server
   * elsewhere and left the first running: the "restart" restarted nothing, and leaked it).
   */
  async restart(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) throw new Error('redis restart(): the server is still running; crash() it first');
    await this.#startOn(this.port);
  }

  async #startOn(port: number): Promise<void> {
    const logFile = join(this.dir, 'redis.log');
    const child = spawn(
      this.binary,
      [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', this.dir, '--logfile', logFile,
        '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--databases', '1',
      ],
      { stdio: 'ignore' },
    );
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let exited = false;
    void this.#exited.then(() => (exited = true));
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`redis-server exited during start:\n${this.#logTail()}`);
      if (await answersPing(port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    this.#killNow();
    throw new Error(`redis-server did not answer PING within ${this.startTimeoutMs} ms:\n${this.#logTail()}`);
  }

  async crash(): Promise<void> {
    this.#killNow();
    await this.#exited;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    process.off('exit', this.#onExit);
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // no save points configured: exits at once
      const timer = setTimeout(() => this.#killNow(), 5_000);
      await this.#exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  #killNow(): void {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  #logTail(): string {
    const file = join(this.dir, 'redis.log');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
  }
}

/** True when something on 127.0.0.1:`port` answers an inline PING with +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * A throwaway PostgreSQL 15 server for integration tests: a fresh cluster in a temp folder,
 * listening on 127.0.0.1 at a free port (unix socket in the same folder), fsync on.
 * Start one per test file (about a second), give each test its own schema (`newSchema()`),
 * and `stop()` it in afterAll: it shuts down and deletes the folder.
 *
 * PostgreSQL refuses to run as root; when the tests run as root the server runs as the
 * `postgres` system user (setpriv execs in place, so the spawned pid is the postmaster itself).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startOnFreePort } from './ports.js';

export interface TestPostgresOptions {
  /** Folder of initdb and postgres. Default $PG_BIN or /usr/lib/postgresql/15/bin. */
  binDir?: string;
  /** Time allowed to accept connections after a start. Default 30000 ms. */
  startTimeoutMs?: number;
}

export interface TestPostgres {
  readonly port: number;
  /** Superuser, trust auth, database "postgres". */
  readonly connectionString: string;
  /** A new schema name, unique in this server: a clean slate for one test. */
  newSchema(): string;
  /** Kills the server and all its backends with SIGKILL (a power cut, as far as it knows). */
  crash(): Promise<void>;
  /** Starts it again on the same data (after `crash`): it replays its WAL. */
  restart(): Promise<void>;
  /** Stops the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', cmd, ...args]] : [cmd, args];
}

export async function startPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = options.binDir ?? process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const base = mkdtempSync(join(tmpdir(), 'classroom-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(base, uid, gid);
  }
  const data = join(base, 'data');
  const [cmd, args] = asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
  }
  const server = new Server(bin, base, data, options.startTimeoutMs ?? 30_000);
  try {
    await server.start();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

class Server implements TestPostgres {
  port = 0;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #schemas = 0;
  #stopped = false;
  readonly #onExit = () => this.#killNow();

  constructor(
    readonly bin: string,
    readonly base: string,
    readonly data: string,
    readonly startTimeoutMs: number,
  ) {
    process.once('exit', this.#onExit);
  }

  get connectionString(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  newSchema(): string {
    return `t${++this.#schemas}_${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Starts on a free port; retried on another port if that one was taken meanwhile. */
  async start(): Promise<void> {
    this.port = await startOnFreePort(this.port || undefined, (port) => this.#startOn(port));
  }

  restart(): Promise<void> {
    return this.start();
  }

  async #startOn(port: number): Promise<void> {
    const log = openSync(join(this.base, 'server.log'), 'a');
    const [cmd, args] = asPostgres(join(this.bin, 'postgres'), [
      '-D', this.data, '-p', String(port), '-k', this.base,
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'synchronous_commit=on',
      '-c', 'full_page_writes=on', '-c', 'shared_buffers=32MB', '-c', 'max_connections=60',
    ]);
    // detached: its own process group, so crash() can kill the postmaster and every backend.
    const child = spawn(cmd, args, { stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let exited = false;
    void this.#exited.then(() => (exited = true));
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`postgres exited during start:\n${this.#logTail()}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.#killNow();
    throw new Error(`postgres did not accept connections within ${this.startTimeoutMs} ms:\n${this.#logTail()}`);
  }

  async crash(): Promise<void> {
    this.#killNow();
    await this.#exited;
    // Backends die with the postmaster's group; give the kernel a moment to reap them.
    await new Promise((r) => setTimeout(r, 200));
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    process.off('exit', this.#onExit);
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // "fast" shutdown: disconnect clients, checkpoint, exit
      const timer = setTimeout(() => this.#killNow(), 10_000);
      await this.#exited;
      clearTimeout(timer);
    }
    rmSync(this.base, { recursive: true, force: true });
  }

  #killNow(): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  #logTail(): string {
    const file = join(this.base, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
  }
}

async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

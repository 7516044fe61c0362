/**
 * A read-only SQLite connection in a worker thread, for reports that read a lot (the school
 * statistics: a term of a whole school). better-sqlite3 is synchronous: on the main connection
 * such a query holds the event loop, and with it every live lesson of the node, for its whole
 * run. WAL mode lets a second connection read while the main one writes; this one sees every
 * commit made before each statement starts.
 *
 * Only `all` of a statement that returns rows is offered: the connection is opened read-only,
 * and writes belong to the main connection (SqliteDatabase). The worker starts at the first
 * query and runs the statements one after the other. If it dies, the queries in flight fail and
 * the next one starts a new worker.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ClosedError } from '../../platform/index.js';
import type { Queryable, Row, SqlParam } from './DatabaseTypes.js';

/**
 * The worker's code, CommonJS evaluated from this string: the server is bundled into one file
 * (scripts/build-server.mjs) and tests run the TypeScript sources, so a separate worker module
 * would need a build step of its own. The driver is loaded by the path the main thread resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const statements = new Map();
parentPort.on('message', (m) => {
  try {
    let stmt = statements.get(m.sql);
    if (!stmt) {
      if (statements.size >= 200) statements.clear();
      stmt = db.prepare(m.sql);
      statements.set(m.sql, stmt);
    }
    if (!stmt.reader) throw new Error('the report connection is read-only: ' + m.sql.slice(0, 80));
    parentPort.postMessage({ id: m.id, rows: stmt.all(...m.params) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

export interface SqliteReadWorkerOptions {
  /** The database file (not ':memory:': another connection could not see it). */
  file: string;
  /** How long a read waits for a lock (a checkpoint). Default 5000 ms. */
  busyTimeoutMs?: number;
}

interface Pending {
  resolve(rows: Row[]): void;
  reject(err: Error): void;
}

export class SqliteReadWorker implements Queryable {
  readonly #options: SqliteReadWorkerOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | null = null;
  #nextId = 1;
  #closed = false;

  constructor(options: SqliteReadWorkerOptions) {
    if (options.file === ':memory:') throw new Error('an in-memory SQLite database cannot be read from another connection');
    this.#options = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async all<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    if (this.#closed) throw new ClosedError('report connection');
    const worker = this.#started();
    const id = this.#nextId++;
    return new Promise<R[]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (rows: Row[]) => void, reject });
      worker.ref();
      worker.postMessage({ id, sql, params: params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) });
    });
  }

  async one<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  run(): Promise<{ changes: number }> {
    return Promise.reject(new Error('the report connection is read-only'));
  }

  exec(): Promise<void> {
    return Promise.reject(new Error('the report connection is read-only'));
  }

  /** Fails the queries in flight and stops the worker. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#failPending(new ClosedError('report connection'));
    await worker?.terminate();
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.#options.file, busyTimeoutMs: Math.trunc(this.#options.busyTimeoutMs ?? 5000) } });
    // Held only while a query is in flight: an idle worker does not keep the process alive.
    worker.unref();
    worker.on('message', (m: { id: number; rows?: Row[]; error?: { message: string; code?: string } }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.rows ?? []);
    });
    const lost = (err: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#failPending(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the report worker exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #failPending(err: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(err);
  }
}

/**
 * The embedded default engine: one SQLite file, one connection, WAL journal.
 *
 * better-sqlite3 is synchronous, which is what makes it fast (no thread hop per statement), so
 * this adapter only has to keep transactions whole: while a transaction is open (across the
 * awaits of its callback) every other caller waits at the gate, because they would otherwise
 * run inside that transaction on the same connection. Callers that find the gate open run
 * their statement at once, without a hop through the event loop.
 */
import BetterSqlite3 from 'better-sqlite3';
import { ClosedError } from '../../platform/index.js';
import { ConstraintViolationError, type ConstraintKind, type Database, type Queryable, type Row, type SqlParam } from './DatabaseTypes.js';

export interface SqliteOptions {
  /** Path of the database file (its folder must exist), or ':memory:' for a throwaway database. */
  file: string;
  /**
   * When a commit is acknowledged. Default 'full'.
   * - 'full': the WAL is fsynced at every commit, so an acknowledged write survives a crash of
   *   the process AND of the machine (power loss). Attendance and auth logs are legal records
   *   (Circular 09 art. 15), and one fsync per commit costs well under a millisecond on an SSD.
   * - 'normal': the WAL is fsynced only at checkpoints. An acknowledged write still survives a
   *   crash of the process (it is in the OS page cache), but the last commits can be lost if the
   *   machine loses power. The database is never corrupted either way.
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another process that holds the write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

const MAX_CACHED_STATEMENTS = 500;

export class SqliteDatabase implements Database {
  readonly engine = 'sqlite' as const;
  /** The database file, or ':memory:'. */
  readonly file: string;
  readonly #conn: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  #gate: Promise<void> | undefined;
  #closed = false;

  constructor(options: SqliteOptions) {
    this.file = options.file;
    this.#conn = new BetterSqlite3(options.file);
    try {
      this.#conn.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      const mode = this.#conn.pragma('journal_mode = WAL', { simple: true });
      if (options.file !== ':memory:' && mode !== 'wal') throw new Error(`SQLite refused WAL mode (got ${String(mode)})`);
      this.#conn.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.#conn.pragma('foreign_keys = ON');
    } catch (err) {
      this.#conn.close();
      throw err;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  async all<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    while (this.#gate) await this.#gate;
    this.#checkOpen();
    return this.allNow<R>(sql, params);
  }

  async one<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    while (this.#gate) await this.#gate;
    this.#checkOpen();
    return this.runNow(sql, params);
  }

  async exec(sql: string): Promise<void> {
    while (this.#gate) await this.#gate;
    this.#checkOpen();
    this.execNow(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // Check and take the gate with no await in between, or two callers could both take it.
    while (this.#gate) await this.#gate;
    this.#checkOpen();
    let release!: () => void;
    this.#gate = new Promise<void>((resolve) => (release = resolve));
    const tx = new SqliteTransaction(this);
    try {
      // IMMEDIATE takes the write lock now, so a second process cannot make this transaction
      // fail half-way with SQLITE_BUSY when it first writes.
      this.execNow('BEGIN IMMEDIATE');
      const result = await fn(tx);
      this.execNow('COMMIT');
      return result;
    } catch (err) {
      if (this.#conn.inTransaction) this.#conn.exec('ROLLBACK');
      throw err;
    } finally {
      tx.finished = true;
      this.#gate = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    while (this.#gate) await this.#gate;
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#conn.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError('database');
  }

  /** @internal Runs now, on whatever transaction is open: for SqliteTransaction only. */
  allNow<R extends Row>(sql: string, params: readonly SqlParam[]): R[] {
    return translateErrors(() => {
      const stmt = this.#prepare(sql);
      if (stmt.reader) return stmt.all(...bindable(params)) as R[];
      stmt.run(...bindable(params));
      return [];
    });
  }

  /** @internal */
  runNow(sql: string, params: readonly SqlParam[]): { changes: number } {
    return translateErrors(() => {
      const stmt = this.#prepare(sql);
      if (stmt.reader) return { changes: stmt.all(...bindable(params)).length };
      return { changes: stmt.run(...bindable(params)).changes };
    });
  }

  /** @internal */
  execNow(sql: string): void {
    translateErrors(() => this.#conn.exec(sql));
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      stmt = this.#conn.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
}

class SqliteTransaction implements Queryable {
  finished = false;
  readonly #db: SqliteDatabase;
  constructor(db: SqliteDatabase) {
    this.#db = db;
  }
  async all<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    this.#check();
    return this.#db.allNow<R>(sql, params);
  }
  async one<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }
  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    this.#check();
    return this.#db.runNow(sql, params);
  }
  async exec(sql: string): Promise<void> {
    this.#check();
    this.#db.execNow(sql);
  }
  #check(): void {
    if (this.finished) throw new Error('transaction used after it finished');
  }
}

function bindable(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

const SQLITE_CONSTRAINTS: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
};

function translateErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const kind = err instanceof BetterSqlite3.SqliteError ? SQLITE_CONSTRAINTS[err.code] : undefined;
    if (kind) throw new ConstraintViolationError(kind, { cause: err });
    throw err;
  }
}

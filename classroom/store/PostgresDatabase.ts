/**
 * The multi-node engine: a pg connection pool. A commit is acknowledged by PostgreSQL only once
 * its WAL record is flushed (synchronous_commit = on, the server default), which is what makes
 * an acknowledged write survive a crash of this process or of the database server.
 */
import pg from 'pg';
import { ClosedError, type Logger } from '../../platform/index.js';
import { ConstraintViolationError, type ConstraintKind, type Database, type Queryable, type Row, type SqlParam } from './DatabaseTypes.js';
import { toNumberedPlaceholders } from './placeholders.js';

export interface PostgresOptions {
  /** e.g. "postgres://user:pass@db.internal:5432/classroom". */
  connectionString: string;
  /**
   * Schema holding the tables (created if missing), for a server shared with other apps and for
   * tests that want a clean slate per test. Lower-case letters, digits and "_". Default "public".
   */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** A statement running longer is cancelled by the server. Default 30000 ms. */
  statementTimeoutMs?: number;
  /** Receives errors of idle pooled connections (a restarted server). Default: none. */
  logger?: Logger;
}

const INT8_OID = 20;

/** BIGINT columns hold millisecond timestamps and counts: well inside Number's exact range. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  readonly schema: string;
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(options: PostgresOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_RE.test(this.schema)) throw new Error(`invalid PostgreSQL schema name "${this.schema}"`);
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      types,
      options: `-c search_path=${this.schema} -c statement_timeout=${Math.trunc(options.statementTimeoutMs ?? 30_000)}`,
    });
    // Without a listener, an idle connection dropped by the server would crash the process.
    this.#pool.on('error', (err) => options.logger?.warn({ err }, 'idle PostgreSQL connection failed'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Creates the configured schema; called once before migrations. */
  async ensureSchema(): Promise<void> {
    if (this.schema !== 'public') await this.exec(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
  }

  async all<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    this.#checkOpen();
    return queryRows<R>(this.#pool, sql, params);
  }

  async one<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    this.#checkOpen();
    return runStatement(this.#pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.#checkOpen();
    await translateErrors(() => this.#pool.query(sql));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#checkOpen();
    const client = await this.#pool.connect();
    const tx = new PostgresTransaction(client);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await translateErrors(() => client.query('COMMIT'));
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    } finally {
      tx.finished = true;
      // A connection whose ROLLBACK failed is in an unknown state: destroy it, do not reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError('database');
  }
}

class PostgresTransaction implements Queryable {
  finished = false;
  readonly #client: pg.PoolClient;
  constructor(client: pg.PoolClient) {
    this.#client = client;
  }
  async all<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
    this.#check();
    return queryRows<R>(this.#client, sql, params);
  }
  async one<R extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }
  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    this.#check();
    return runStatement(this.#client, sql, params);
  }
  async exec(sql: string): Promise<void> {
    this.#check();
    await translateErrors(() => this.#client.query(sql));
  }
  #check(): void {
    if (this.finished) throw new Error('transaction used after it finished');
  }
}

type PgQueryable = pg.Pool | pg.PoolClient;

const translated = new Map<string, string>();

function numbered(sql: string): string {
  let out = translated.get(sql);
  if (out === undefined) {
    out = toNumberedPlaceholders(sql);
    if (translated.size > 1000) translated.clear();
    translated.set(sql, out);
  }
  return out;
}

async function queryRows<R extends Row>(on: PgQueryable, sql: string, params: readonly SqlParam[]): Promise<R[]> {
  const result = await translateErrors(() => on.query(numbered(sql), bindable(params)));
  return result.rows as R[];
}

async function runStatement(on: PgQueryable, sql: string, params: readonly SqlParam[]): Promise<{ changes: number }> {
  const result = await translateErrors(() => on.query(numbered(sql), bindable(params)));
  return { changes: result.rowCount ?? 0 };
}

/** Booleans go in INTEGER 0/1 columns (the shared schema), which refuse pg's 'true'. */
function bindable(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

const PG_CONSTRAINTS: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

async function translateErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const kind = typeof code === 'string' ? PG_CONSTRAINTS[code] : undefined;
    if (kind) throw new ConstraintViolationError(kind, { cause: err });
    throw err;
  }
}

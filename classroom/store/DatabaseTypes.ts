/**
 * The tiny SQL interface the classroom stores are written against, once, for both engines.
 *
 * SQL is written with `?` placeholders and snake_case identifiers in the common subset of
 * SQLite and PostgreSQL (INSERT ... ON CONFLICT, RETURNING, CASE). The PostgreSQL adapter
 * translates `?` to `$1..$n`. Timestamps are integer milliseconds (BIGINT), booleans are
 * INTEGER 0/1 on both engines, so a row reads the same whichever engine produced it.
 */
import { ConflictError, type AppErrorOptions } from '../../platform/index.js';

export type Engine = 'sqlite' | 'postgres';

/** A bound value. Booleans are stored as 0/1 (the SQLite adapter converts them). */
export type SqlParam = string | number | bigint | boolean | null;

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Every row of a query (or of a statement with RETURNING). */
  all<R extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<R | undefined>;
  /** A statement without result rows; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  readonly closed: boolean;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Use only `tx` inside `fn`: the SQLite adapter holds its single connection for the whole
   * transaction, so a query on the Database itself from inside `fn` would wait forever.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Waits for running work, then releases the connection(s). Safe to call twice. */
  close(): Promise<void>;
}

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

/**
 * A write broke a schema constraint. Raised by both adapters with the same kind, so a store
 * can turn "unique" into its own domain message ("this code is already used").
 */
export class ConstraintViolationError extends ConflictError {
  readonly constraint: ConstraintKind;
  constructor(constraint: ConstraintKind, options?: AppErrorOptions) {
    super(`The change conflicts with stored data (${constraint})`, 'CONFLICT', options);
    this.constraint = constraint;
  }
}

export function isUniqueViolation(err: unknown): err is ConstraintViolationError {
  return err instanceof ConstraintViolationError && err.constraint === 'unique';
}

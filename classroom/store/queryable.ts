import { ConflictError } from '../../platform/index.js';
import { isUniqueViolation, type Database, type Queryable } from './DatabaseTypes.js';

/**
 * Runs `fn` atomically: in a new transaction when `q` is the Database, or directly when `q` is
 * already a transaction (stores are built over either, see StorageTypes `transaction`).
 */
export function atomically<T>(q: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return isDatabase(q) ? q.transaction(fn) : fn(q);
}

function isDatabase(q: Queryable): q is Database {
  return typeof (q as Partial<Database>).transaction === 'function';
}

/** `?, ?, ?` for an IN list of `n` values (n >= 1). */
export function placeholderList(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** 0/1 (SQLite) or a boolean-ish value to a boolean. */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** A nullable BIGINT column as number | null. */
export function optionalNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function optionalString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Runs a write, turning a unique-constraint violation into a ConflictError with `message`. */
export async function uniqueAs<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(message, 'CONFLICT', { cause: err });
    throw err;
  }
}

/**
 * Forward-only, versioned migrations, recorded in `schema_migrations`.
 *
 * The whole run is one transaction: on PostgreSQL under an advisory lock (two nodes starting at
 * once do not both migrate), on SQLite under the write lock of BEGIN IMMEDIATE. DDL is
 * transactional on both engines, so a failing migration leaves the schema as it was.
 * A server refuses to start on a database that a newer server has migrated (there are no down
 * migrations), and on one whose applied migrations differ from its own (checksum).
 */
import { createHash } from 'node:crypto';
import type { Database, Engine, Queryable } from './DatabaseTypes.js';

export interface Migration {
  /** 1, 2, 3... without gaps. */
  version: number;
  name: string;
  /**
   * Statements for both engines; `{{ID}}` stands for an auto-increment primary key. A change
   * the two engines cannot say in one text (widening a CHECK: SQLite cannot alter a constraint
   * and must rebuild the table) gives one text per engine.
   */
  sql: string | Readonly<Record<Engine, string>>;
}

/** Arbitrary constant: the advisory lock that serializes migration runs of one database. */
const PG_MIGRATION_LOCK = 7_240_309;

const ID_COLUMN: Record<Engine, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

export function renderMigration(sql: Migration['sql'], engine: Engine): string {
  return (typeof sql === 'string' ? sql : sql[engine]).replaceAll('{{ID}}', ID_COLUMN[engine]);
}

export function migrationChecksum(m: Migration): string {
  const text = typeof m.sql === 'string' ? m.sql : `sqlite:${m.sql.sqlite}\npostgres:${m.sql.postgres}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export class MigrationError extends Error {}

/** Applies the pending migrations; resolves with the versions it applied. */
export async function migrate(db: Database, migrations: readonly Migration[], now: () => number = Date.now): Promise<number[]> {
  checkSequence(migrations);
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.one('SELECT pg_advisory_xact_lock(?) AS locked', [PG_MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = await tx.all<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    checkApplied(applied, migrations);
    const current = applied.at(-1)?.version ?? 0;
    const done: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await applyOne(tx, db.engine, m, now());
      done.push(m.version);
    }
    return done;
  });
}

/** The highest applied version (0 for an empty database). */
export async function schemaVersion(db: Queryable): Promise<number> {
  const row = await db.one<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return Number(row?.v ?? 0);
}

async function applyOne(tx: Queryable, engine: Engine, m: Migration, at: number): Promise<void> {
  try {
    await tx.exec(renderMigration(m.sql, engine));
  } catch (err) {
    throw new MigrationError(`migration ${m.version} (${m.name}) failed on ${engine}`, { cause: err });
  }
  await tx.run('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)', [
    m.version,
    m.name,
    migrationChecksum(m),
    at,
  ]);
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new MigrationError(`migration versions must be 1..n without gaps (found ${m.version} at position ${i + 1})`);
  });
}

function checkApplied(applied: readonly { version: number; checksum: string }[], migrations: readonly Migration[]): void {
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known) {
      throw new MigrationError(
        `the database is at schema version ${applied.at(-1)?.version}, newer than this server knows (${migrations.length}); ` +
          'migrations are forward-only: run a newer server',
      );
    }
    if (migrationChecksum(known) !== row.checksum) {
      throw new MigrationError(`applied migration ${row.version} (${known.name}) differs from this server's: migrations must never be edited`);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../platform/index.js';
import { ConstraintViolationError, type Database } from '../DatabaseTypes.js';
import { migrate, MigrationError, schemaVersion, type Migration } from '../migrations.js';
import { MIGRATIONS } from '../schema.js';
import type { ContractTarget } from './target.js';

const extra: Migration = { version: MIGRATIONS.length + 1, name: 'test: notes', sql: 'CREATE TABLE contract_notes (id {{ID}}, body TEXT NOT NULL)' };

export function databaseContract(target: ContractTarget): void {
  describe('migrations', () => {
    async function fresh(): Promise<Database> {
      return target.freshDatabase();
    }

    it('migrate() applies every migration to an empty database, then nothing the second time', async () => {
      const db = await fresh();
      try {
        expect(await migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(db, MIGRATIONS)).toEqual([]);
        expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
      } finally {
        await db.close();
      }
    });

    it('a later migration is applied on top of an existing schema, keeping the data', async () => {
      const db = await fresh();
      try {
        await migrate(db, MIGRATIONS);
        await db.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['s1', 'Trường A', 1]);
        expect(await migrate(db, [...MIGRATIONS, extra])).toEqual([extra.version]);
        await db.run('INSERT INTO contract_notes (body) VALUES (?)', ['x']);
        expect(await db.all('SELECT id, body FROM contract_notes')).toEqual([{ id: 1, body: 'x' }]);
        expect(await db.one('SELECT name FROM schools WHERE id = ?', ['s1'])).toEqual({ name: 'Trường A' });
      } finally {
        await db.close();
      }
    });

    it('refuses a database migrated by a newer server (forward-only)', async () => {
      const db = await fresh();
      try {
        await migrate(db, [...MIGRATIONS, extra]);
        await expect(migrate(db, MIGRATIONS)).rejects.toThrow(MigrationError);
      } finally {
        await db.close();
      }
    });

    it('refuses to start when an applied migration was edited', async () => {
      const db = await fresh();
      try {
        await migrate(db, [...MIGRATIONS, extra]);
        const edited = { ...extra, sql: `${extra.sql};` };
        await expect(migrate(db, [...MIGRATIONS, edited])).rejects.toThrow(/must never be edited/);
      } finally {
        await db.close();
      }
    });

    it('a failing migration leaves the schema and the version as they were', async () => {
      const db = await fresh();
      try {
        await migrate(db, MIGRATIONS);
        const broken: Migration = { version: extra.version, name: 'broken', sql: 'CREATE TABLE half_done (id TEXT); INSERT INTO no_such_table VALUES (1)' };
        await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toThrow(MigrationError);
        expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
        await expect(db.all('SELECT * FROM half_done')).rejects.toThrow();
      } finally {
        await db.close();
      }
    });
  });

  describe('database', () => {
    async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
      const db = await target.freshDatabase();
      try {
        await migrate(db, MIGRATIONS);
        await fn(db);
      } finally {
        await db.close();
      }
    }

    it('binds ? placeholders in order, and leaves a ? inside a string literal alone', () =>
      withDb(async (db) => {
        expect(await db.one("SELECT ? AS a, 'what?' AS b, ? AS c", ['x', 'y'])).toEqual({ a: 'x', b: 'what?', c: 'y' });
      }));

    it('reads millisecond timestamps as exact numbers and keeps NFC text as written', () =>
      withDb(async (db) => {
        const at = Date.UTC(2099, 11, 31, 23, 59, 59, 999);
        await db.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['s1', 'Trường THPT Nguyễn Thị Minh Khai', at]);
        const row = await db.one<{ name: string; created_at: number }>('SELECT name, created_at FROM schools');
        expect(row).toEqual({ name: 'Trường THPT Nguyễn Thị Minh Khai', created_at: at });
        expect(typeof row?.created_at).toBe('number');
      }));

    it('a transaction commits all its writes, or none when its function throws', () =>
      withDb(async (db) => {
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['a', 'A', 1]);
          await tx.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['b', 'B', 1]);
        });
        await expect(
          db.transaction(async (tx) => {
            await tx.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['c', 'C', 1]);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await db.all('SELECT id FROM schools ORDER BY id')).toEqual([{ id: 'a' }, { id: 'b' }]);
      }));

    it('writes from outside wait for a running transaction instead of joining it', () =>
      withDb(async (db) => {
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        const tx = db
          .transaction(async (t) => {
            await t.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['in', 'In', 1]);
            await held;
            throw new Error('rolled back');
          })
          .catch(() => 'rolled back');
        const outside = db.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['out', 'Out', 1]);
        await new Promise((r) => setTimeout(r, 20));
        release();
        expect(await tx).toBe('rolled back');
        await outside;
        expect(await db.all('SELECT id FROM schools ORDER BY id')).toEqual([{ id: 'out' }]);
      }));

    it('reports unique and foreign-key violations the same way on every engine', () =>
      withDb(async (db) => {
        await db.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['a', 'A', 1]);
        const dup = db.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', ['a', 'A', 1]);
        await expect(dup).rejects.toBeInstanceOf(ConflictError);
        await expect(dup).rejects.toMatchObject({ constraint: 'unique' });
        const orphan = db.run('INSERT INTO grades (id, school_id, name, name_key, level) VALUES (?, ?, ?, ?, ?)', ['g', 'missing', 'K', 'k', 10]);
        await expect(orphan).rejects.toBeInstanceOf(ConstraintViolationError);
        await expect(orphan).rejects.toMatchObject({ constraint: 'foreign_key' });
      }));

    it('close() is safe to call twice, and a closed database refuses work', async () => {
      const db = await target.freshDatabase();
      await db.close();
      await db.close();
      expect(db.closed).toBe(true);
      await expect(db.all('SELECT 1 AS one')).rejects.toThrow(/closed/);
    });
  });
}

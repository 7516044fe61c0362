import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, SqliteDatabase, storageOver, type Database, type Queryable, type Row, type SqlParam, type Storage } from '../store/index.js';
import type { AuthEvent, AuthEventKind } from './AccountTypes.js';

/** A real SQLite database that counts its commits (each transaction, each write outside one). */
class CommitCountingDatabase implements Database {
  readonly engine = 'sqlite' as const;
  commits = 0;
  readonly #db: SqliteDatabase;
  constructor(db: SqliteDatabase) {
    this.#db = db;
  }
  get closed(): boolean {
    return this.#db.closed;
  }
  all<R extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<R[]> {
    if (!/^\s*SELECT/i.test(sql)) this.commits++;
    return this.#db.all<R>(sql, params);
  }
  one<R extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<R | undefined> {
    if (!/^\s*SELECT/i.test(sql)) this.commits++;
    return this.#db.one<R>(sql, params);
  }
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }> {
    this.commits++;
    return this.#db.run(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.#db.exec(sql);
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.commits++;
    return this.#db.transaction(fn);
  }
  close(): Promise<void> {
    return this.#db.close();
  }
}

let dir: string;
let db: CommitCountingDatabase;
let storage: Storage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'classroom-gc-'));
  db = new CommitCountingDatabase(new SqliteDatabase({ file: join(dir, 'db.sqlite') }));
  await migrate(db, MIGRATIONS);
  storage = storageOver(db);
  db.commits = 0;
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (i: number, kind: AuthEventKind = 'login_failed'): AuthEvent => ({
  at: i,
  kind,
  userId: 'u_1',
  schoolId: 'sch_1',
  login: 'x',
  ip: '203.0.113.7',
  userAgent: null,
  detail: 'bad_password',
});

describe('sign-in records under a flood (issue 13.1): group commit', () => {
  it('300 concurrent auth events are stored in a handful of commits, each resolving once stored', async () => {
    await Promise.all(Array.from({ length: 300 }, (_, i) => storage.authEvents.record(event(i + 1))));
    expect(db.commits).toBeLessThanOrEqual(3);
    expect(await storage.authEvents.forUser('u_1', { limit: 1000 })).toHaveLength(300);
  });

  it('one event the database refuses fails alone', async () => {
    const results = await Promise.allSettled([
      storage.authEvents.record(event(1)),
      storage.authEvents.record(event(2, 'no_such_kind' as AuthEventKind)),
      storage.authEvents.record(event(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await storage.authEvents.forUser('u_1')).map((e) => e.at)).toEqual([3, 1]);
  });

  it('refused attempts (a flood against a locked key) are merged: one record per login and address with their count, written later', async () => {
    const refused = (i: number, login = 'x', ip = '203.0.113.7'): AuthEvent => ({ ...event(1000 + i, 'login_locked'), login, ip, detail: null });
    for (let i = 0; i < 300; i++) storage.authEvents.recordRefusal(refused(i));
    storage.authEvents.recordRefusal(refused(7, 'y'));
    expect(db.commits).toBe(0);
    await storage.authEvents.flush();
    expect(db.commits).toBeLessThanOrEqual(1);
    const rows = await storage.authEvents.forUser('u_1', { limit: 1000 });
    expect(rows.map((r) => [r.kind, r.login, r.detail, r.at]).sort()).toEqual([
      ['login_locked', 'x', 'refused:300;until:1299', 1000],
      ['login_locked', 'y', 'refused:1;until:1007', 1007],
    ]);
  });

  it('200 concurrent throttle updates of two keys commit together and lose none', async () => {
    const keys = [
      ['account', 'u_1'],
      ['ip', '203.0.113.7'],
    ] as const;
    await Promise.all(
      Array.from({ length: 200 }, () => storage.loginThrottle.updateMany(keys, 5_000, (states) => states.map((s) => ({ ...s, failures: s.failures + 1 })))),
    );
    expect(db.commits).toBeLessThanOrEqual(3);
    expect((await storage.loginThrottle.get('account', 'u_1'))?.failures).toBe(200);
    expect((await storage.loginThrottle.get('ip', '203.0.113.7'))?.failures).toBe(200);
  });
});

import type { Queryable, Row } from '../store/index.js';
import { atomically } from '../store/index.js';
import type { LoginThrottleStore, ThrottleScope, ThrottleState } from './AccountTypes.js';

type Key = readonly [ThrottleScope, string];

export class SqlLoginThrottleStore implements LoginThrottleStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async get(scope: ThrottleScope, key: string): Promise<ThrottleState | undefined> {
    const r = await this.#q.one('SELECT failures, window_start, locked_until, lock_level FROM login_throttle WHERE scope = ? AND key = ?', [scope, key]);
    return r && toState(r);
  }

  async update(scope: ThrottleScope, key: string, at: number, change: (s: ThrottleState) => ThrottleState): Promise<ThrottleState> {
    const [next] = await this.updateMany([[scope, key]], at, ([s]) => [change(s as ThrottleState)]);
    return next as ThrottleState;
  }

  updateMany(keys: readonly Key[], at: number, change: (states: ThrottleState[]) => ThrottleState[]): Promise<ThrottleState[]> {
    return atomically(this.#q, async (tx) => {
      // Rows are locked in one global order (scope, key), so that two nodes updating the same
      // counters never wait on each other in a cycle.
      const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a] as Key, keys[b] as Key));
      const current: ThrottleState[] = new Array<ThrottleState>(keys.length);
      for (const i of order) current[i] = await lockRow(tx, keys[i] as Key, at);
      const next = change(current);
      for (const i of order) {
        const [scope, key] = keys[i] as Key;
        const n = next[i] as ThrottleState;
        await tx.run('UPDATE login_throttle SET failures = ?, window_start = ?, locked_until = ?, lock_level = ?, updated_at = ? WHERE scope = ? AND key = ?', [
          n.failures,
          n.windowStart,
          n.lockedUntil,
          n.lockLevel,
          at,
          scope,
          key,
        ]);
      }
      return next;
    });
  }

  async clear(scope: ThrottleScope, key: string): Promise<void> {
    await this.#q.run('DELETE FROM login_throttle WHERE scope = ? AND key = ?', [scope, key]);
  }
}

/**
 * The upsert both creates a missing row and, on PostgreSQL, locks the row until commit: a
 * concurrent update of the same counter waits here instead of losing a failure.
 */
async function lockRow(tx: Queryable, [scope, key]: Key, at: number): Promise<ThrottleState> {
  const row = await tx.one(
    `INSERT INTO login_throttle (scope, key, failures, window_start, locked_until, lock_level, updated_at)
     VALUES (?, ?, 0, ?, 0, 0, ?)
     ON CONFLICT (scope, key) DO UPDATE SET updated_at = excluded.updated_at
     RETURNING failures, window_start, locked_until, lock_level`,
    [scope, key, at, at],
  );
  return toState(row as Row);
}

function compareKeys(a: Key, b: Key): number {
  return a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1;
}

function toState(r: Row): ThrottleState {
  return {
    failures: Number(r.failures),
    windowStart: Number(r.window_start),
    lockedUntil: Number(r.locked_until),
    lockLevel: Number(r.lock_level),
  };
}

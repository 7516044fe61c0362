import type { Queryable, Row } from '../store/index.js';
import { atomically } from '../store/index.js';
import type { LoginThrottleStore, ThrottleScope, ThrottleState } from './AccountTypes.js';

export class SqlLoginThrottleStore implements LoginThrottleStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async get(scope: ThrottleScope, key: string): Promise<ThrottleState | undefined> {
    const r = await this.#q.one('SELECT failures, window_start, locked_until, lock_level FROM login_throttle WHERE scope = ? AND key = ?', [scope, key]);
    return r && toState(r);
  }

  update(scope: ThrottleScope, key: string, at: number, change: (s: ThrottleState) => ThrottleState): Promise<ThrottleState> {
    return atomically(this.#q, async (tx) => {
      // The upsert both creates a missing row and, on PostgreSQL, locks the row until commit:
      // a concurrent update of the same counter waits here instead of losing a failure.
      const current = await tx.one(
        `INSERT INTO login_throttle (scope, key, failures, window_start, locked_until, lock_level, updated_at)
         VALUES (?, ?, 0, ?, 0, 0, ?)
         ON CONFLICT (scope, key) DO UPDATE SET updated_at = excluded.updated_at
         RETURNING failures, window_start, locked_until, lock_level`,
        [scope, key, at, at],
      );
      const next = change(toState(current as Row));
      await tx.run('UPDATE login_throttle SET failures = ?, window_start = ?, locked_until = ?, lock_level = ?, updated_at = ? WHERE scope = ? AND key = ?', [
        next.failures,
        next.windowStart,
        next.lockedUntil,
        next.lockLevel,
        at,
        scope,
        key,
      ]);
      return next;
    });
  }

  async clear(scope: ThrottleScope, key: string): Promise<void> {
    await this.#q.run('DELETE FROM login_throttle WHERE scope = ? AND key = ?', [scope, key]);
  }
}

function toState(r: Row): ThrottleState {
  return {
    failures: Number(r.failures),
    windowStart: Number(r.window_start),
    lockedUntil: Number(r.locked_until),
    lockLevel: Number(r.lock_level),
  };
}

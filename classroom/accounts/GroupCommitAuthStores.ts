/**
 * The sign-in writes that a flood of refused logins multiplies (issue 13.1), group-committed:
 * the auth event log and the throttle counters. Every write still resolves only after its commit
 * (see store/GroupCommit.ts); reads go straight to the database. Used for the top-level stores
 * only; inside Storage.transaction writes go straight through.
 */
import { GroupCommit, type Database } from '../store/index.js';
import type { AuthEvent, AuthEventLog, LogQuery, LoginThrottleStore, ThrottleScope, ThrottleState } from './AccountTypes.js';
import { SqlLoginThrottleStore } from './SqlLoginThrottleStore.js';
import { SqlAuthEventLog } from './SqlSecurityLogs.js';

interface Refusals {
  first: AuthEvent;
  count: number;
  until: number;
}

export interface GroupCommitAuthEventLogOptions {
  /** See GroupCommitOptions.coalesceMs. */
  commitIntervalMs: number;
  /** Merged refusals are written this often. Default 5000 ms. */
  refusalFlushMs?: number;
  /** Told when merged refusals could not be written (they are then lost: logged loudly). */
  onError?(err: unknown): void;
}

export class GroupCommitAuthEventLog implements AuthEventLog {
  readonly #direct: SqlAuthEventLog;
  readonly #writes: GroupCommit<AuthEvent, void>;
  readonly #refusals = new Map<string, Refusals>();
  readonly #options: GroupCommitAuthEventLogOptions;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Database, options: GroupCommitAuthEventLogOptions) {
    const commitIntervalMs = options.commitIntervalMs;
    this.#options = options;
    this.#direct = new SqlAuthEventLog(db);
    this.#writes = new GroupCommit({
      commitMany: (events) =>
        db.transaction(async (tx) => {
          const log = new SqlAuthEventLog(tx);
          for (const e of events) await log.record(e);
          return events.map(() => undefined);
        }),
      commitOne: (e) => this.#direct.record(e),
      coalesceMs: commitIntervalMs,
    });
  }

  record(event: AuthEvent): Promise<void> {
    return this.#writes.submit(event);
  }

  recordRefusal(event: AuthEvent): void {
    const key = JSON.stringify([event.kind, event.userId, event.login, event.ip]);
    const merged = this.#refusals.get(key);
    if (merged) {
      merged.count++;
      merged.until = Math.max(merged.until, event.at);
    } else {
      this.#refusals.set(key, { first: event, count: 1, until: event.at });
    }
    this.#timer ??= setTimeout(() => void this.flush(), this.#options.refusalFlushMs ?? 5000);
    this.#timer.unref();
  }

  /** Writes the merged refusals now, and waits for every write submitted so far. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const merged = [...this.#refusals.values()];
    this.#refusals.clear();
    const write = Promise.all(merged.map((r) => this.#writes.submit({ ...r.first, detail: `refused:${r.count};until:${r.until}` }))).then(
      () => undefined,
      (err: unknown) => this.#options.onError?.(err),
    );
    this.#flushing = this.#flushing.then(() => write);
    await this.#flushing;
    await this.#writes.drain();
  }

  forUser(userId: string, query?: LogQuery): Promise<AuthEvent[]> {
    return this.#direct.forUser(userId, query);
  }

  forSchool(schoolId: string, query?: LogQuery): Promise<AuthEvent[]> {
    return this.#direct.forSchool(schoolId, query);
  }

  /** Everything pending written (the storage is closing). */
  drain(): Promise<void> {
    return this.flush();
  }
}

interface ThrottleChange {
  keys: readonly (readonly [ThrottleScope, string])[];
  at: number;
  change(states: ThrottleState[]): ThrottleState[];
}

export class GroupCommitLoginThrottle implements LoginThrottleStore {
  readonly #direct: SqlLoginThrottleStore;
  readonly #writes: GroupCommit<ThrottleChange, ThrottleState[]>;

  /** `commitIntervalMs`: see GroupCommitOptions.coalesceMs. */
  constructor(db: Database, commitIntervalMs: number) {
    this.#direct = new SqlLoginThrottleStore(db);
    this.#writes = new GroupCommit({
      // In one transaction, in arrival order: each change sees the counters as the previous
      // ones in the batch left them, exactly as if they had run one after the other.
      commitMany: (changes) =>
        db.transaction(async (tx) => {
          const store = new SqlLoginThrottleStore(tx);
          const out: ThrottleState[][] = [];
          for (const c of changes) out.push(await store.updateMany(c.keys, c.at, c.change));
          return out;
        }),
      commitOne: (c) => this.#direct.updateMany(c.keys, c.at, c.change),
      coalesceMs: commitIntervalMs,
    });
  }

  get(scope: ThrottleScope, key: string): Promise<ThrottleState | undefined> {
    return this.#direct.get(scope, key);
  }

  async update(scope: ThrottleScope, key: string, at: number, change: (s: ThrottleState) => ThrottleState): Promise<ThrottleState> {
    const [next] = await this.updateMany([[scope, key]], at, ([s]) => [change(s as ThrottleState)]);
    return next as ThrottleState;
  }

  updateMany(keys: readonly (readonly [ThrottleScope, string])[], at: number, change: (states: ThrottleState[]) => ThrottleState[]): Promise<ThrottleState[]> {
    return this.#writes.submit({ keys, at, change });
  }

  clear(scope: ThrottleScope, key: string): Promise<void> {
    return this.#direct.clear(scope, key);
  }

  drain(): Promise<void> {
    return this.#writes.drain();
  }
}

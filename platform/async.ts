/** Small async tools: a serial queue per resource, single-flight get-or-create, timeouts. */

import { AppError, UnavailableError } from './errors.js';

/** Raised to pending work when the thing it waited on was closed. */
export class ClosedError extends UnavailableError {
  constructor(what: string) {
    super(`${what} is closed`);
  }
}

export class TimeoutError extends AppError {
  constructor(what: string, ms: number) {
    super('UNAVAILABLE', `${what} timed out after ${ms} ms`, true);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rejects with a TimeoutError when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs tasks one at a time, in the order they were pushed (conventions §12: every change to one
 * room goes through that room's serial queue). A failing task does not stop the queue.
 * `close()` rejects every task that has not started yet with a ClosedError.
 */
export class SerialQueue {
  readonly #name: string;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #pending = new Set<Deferred<unknown>>();

  constructor(name: string) {
    this.#name = name;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Number of tasks queued and not finished yet (including the running one). */
  get size(): number {
    return this.#pending.size;
  }

  push<T>(task: () => Promise<T> | T): Promise<T> {
    if (this.#closed) return Promise.reject(new ClosedError(this.#name));
    const d = deferred<T>();
    const entry = d as Deferred<unknown>;
    this.#pending.add(entry);
    this.#tail = this.#tail.then(async () => {
      if (!this.#pending.has(entry)) return; // rejected by close()
      try {
        d.resolve(await task());
      } catch (error) {
        d.reject(error);
      } finally {
        this.#pending.delete(entry);
      }
    });
    return d.promise;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const entry of this.#pending) entry.reject(new ClosedError(this.#name));
    this.#pending.clear();
  }
}

/**
 * Get-or-create with a single flight per key: concurrent callers for the same key share one
 * creation; a failed creation is forgotten so the next call tries again.
 */
export class SingleFlight<K, V> {
  readonly #inFlight = new Map<K, Promise<V>>();

  run(key: K, create: () => Promise<V>): Promise<V> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const p = (async () => {
      try {
        return await create();
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, p);
    return p;
  }
}

import { ClosedError, deferred, type Deferred } from '../platform/index.js';

/**
 * Tracks the calls in flight on a closable resource so that `close()` can reject them all
 * at once with a ClosedError (conventions §3), instead of leaving callers waiting on a
 * connection being torn down. A call that already reached the store may still take effect
 * there; its TTL bounds the consequence.
 */
export class PendingCalls {
  readonly #what: string;
  readonly #pending = new Set<Deferred<unknown>>();
  #closed = false;

  constructor(what: string) {
    this.#what = what;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `fn`, unless closed; its result is dropped (and a ClosedError returned) if close() comes first. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new ClosedError(this.#what));
    const d = deferred<T>();
    const entry = d as Deferred<unknown>;
    this.#pending.add(entry);
    let call: Promise<T>;
    try {
      call = fn();
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      (value) => {
        if (this.#pending.delete(entry)) d.resolve(value);
      },
      (error: unknown) => {
        if (this.#pending.delete(entry)) d.reject(error);
      },
    );
    return d.promise;
  }

  /** Marks closed and rejects every call in flight. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const entry of this.#pending) entry.reject(new ClosedError(this.#what));
    this.#pending.clear();
  }
}

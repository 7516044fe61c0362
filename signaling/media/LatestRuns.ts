/**
 * Runs one task per key at a time, and collapses the requests that come while it runs into ONE
 * more run with the latest task. For work that recomputes a whole state from the current facts
 * (a participant's subscriptions from the room's streams): ten changes during a run need one
 * more run, not ten. Without it, a burst of streamsChanged (every page publishing again after a
 * failover) queued participants × changes calls on the room's serial queue, ahead of the pages'
 * own requests (docs/bench.md "bench:failover").
 */
export class LatestRuns<K> {
  readonly #runs = new Map<K, { running: Promise<void>; next?: { task: () => Promise<void>; done: Promise<void> } }>();

  /** Resolves when a run that started after this call has finished (rejects with its error). */
  run(key: K, task: () => Promise<void>): Promise<void> {
    const current = this.#runs.get(key);
    if (!current) {
      const entry: { running: Promise<void>; next?: { task: () => Promise<void>; done: Promise<void> } } = { running: Promise.resolve() };
      this.#runs.set(key, entry);
      entry.running = this.#start(key, entry, task);
      return entry.running;
    }
    if (current.next) {
      current.next.task = task; // the latest wins; the callers already waiting share its run
      return current.next.done;
    }
    const next = { task, done: Promise.resolve() };
    next.done = current.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        current.next = undefined;
        current.running = this.#start(key, current, next.task);
        return current.running;
      });
    current.next = next;
    return next.done;
  }

  /** Keys with a run going or queued (for tests and logs). */
  get size(): number {
    return this.#runs.size;
  }

  async #start(key: K, entry: { running: Promise<void>; next?: unknown }, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } finally {
      if (!entry.next && this.#runs.get(key) === entry) this.#runs.delete(key);
    }
  }
}

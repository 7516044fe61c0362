/**
 * Group commit: writes that arrive while a commit is running wait, and go together in the next
 * transaction. On SQLite every commit is an fsync that holds the event loop (better-sqlite3 is
 * synchronous), so a flood of small writes (refused logins, their audit records) would stall
 * the live lessons; batched, a burst of hundreds costs a few fsyncs. Each `submit` still
 * resolves only after the commit that contains it: what is acknowledged is durable.
 */

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions<I, R> {
  /** Writes a batch in one transaction; resolves with one result per item, in order. */
  commitMany(items: readonly I[]): Promise<R[]>;
  /**
   * Writes one item alone. Used when a batch fails, so that one bad item (a constraint it
   * breaks) fails only its own caller.
   */
  commitOne(item: I): Promise<R>;
  /** Most items per transaction. Default 500. */
  maxBatch?: number;
  /**
   * Least time between the starts of two commits. Default 0 (a batch is the writes of one
   * tick). Under a steady stream (a login flood) commits would otherwise run back to back, each
   * with its fsync holding the event loop; this bounds the commits per second. A write that
   * comes after a quiet spell is still committed at the next tick.
   */
  coalesceMs?: number;
}

export class GroupCommit<I, R> {
  readonly #options: GroupCommitOptions<I, R>;
  readonly #maxBatch: number;
  #queue: Waiting<I, R>[] = [];
  #flushing: Promise<void> | undefined;
  #lastCommitAt = -Infinity;

  constructor(options: GroupCommitOptions<I, R>) {
    this.#options = options;
    this.#maxBatch = options.maxBatch ?? 500;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  /** Resolves once everything submitted so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        // Let the submissions of the current tick (or of the coalescing window) join the batch.
        await this.#gather();
        await this.#commit(this.#queue.splice(0, this.#maxBatch));
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #gather(): Promise<void> {
    const waitMs = this.#lastCommitAt + (this.#options.coalesceMs ?? 0) - performance.now();
    await new Promise<void>((resolve) => (waitMs > 0 && this.#queue.length < this.#maxBatch ? setTimeout(resolve, waitMs) : setImmediate(resolve)));
    this.#lastCommitAt = performance.now();
  }

  async #commit(batch: Waiting<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.#options.commitMany(batch.map((w) => w.item));
    } catch {
      for (const w of batch) await this.#options.commitOne(w.item).then(w.resolve, w.reject);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i] as R));
  }
}

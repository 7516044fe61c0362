/**
 * Group commit of live quiz answers. A class answers in a burst (two thousand answers within a
 * second), and one transaction per answer costs one fsync each while better-sqlite3 holds the
 * event loop. Answers that arrive while a commit runs wait and go together in the next
 * transaction; each still resolves only after the commit that holds it, so an acknowledged
 * answer is durable, exactly as without batching (the same scheme as the attendance log's).
 */
import type { LiveQuizStore, StoredLiveAnswer } from './LiveQuizTypes.js';

interface Waiting {
  answer: StoredLiveAnswer;
  resolve(): void;
  reject(err: unknown): void;
}

/** Most answers per transaction. */
const MAX_BATCH = 1000;

export class AnswerCommitter {
  readonly #store: LiveQuizStore;
  #queue: Waiting[] = [];
  #flushing: Promise<void> | undefined;

  constructor(store: LiveQuizStore) {
    this.#store = store;
  }

  /** Resolves once the answer is committed; rejects with the store's error for this answer alone. */
  save(answer: StoredLiveAnswer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ answer, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    // Let the answers of the current tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    } finally {
      this.#flushing = undefined;
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    try {
      await this.#store.saveAnswers(batch.map((w) => w.answer));
      for (const w of batch) w.resolve();
    } catch {
      // One bad answer must not fail the others: one by one, each caller gets its own outcome.
      for (const w of batch) {
        try {
          await this.#store.saveAnswers([w.answer]);
          w.resolve();
        } catch (err) {
          w.reject(err);
        }
      }
    }
  }
}

/**
 * Group commit for the participation log. A lesson produces bursts of events (forty students
 * turning cameras on at the start), and each append as its own transaction costs one fsync:
 * about 1 ms on SQLite, during which better-sqlite3 holds the event loop. Here, appends that
 * arrive while a commit is running wait and go together in the next transaction, so a burst
 * costs a few fsyncs instead of hundreds. Every append still resolves only after the commit
 * that contains it: an acknowledged event is durable, exactly as without batching.
 *
 * Used for the top-level store only; inside Storage.transaction appends go straight through.
 */
import type { AttendanceStore, ParticipationEvent, StoredParticipationEvent } from './AttendanceTypes.js';
import { validateParticipationEvent } from './validateEvent.js';

interface Waiting {
  event: ParticipationEvent;
  resolve(): void;
  reject(err: unknown): void;
}

/** Most events per transaction (so one huge burst does not make one huge statement list). */
const MAX_BATCH = 1000;

export class GroupCommitAttendanceStore implements AttendanceStore {
  readonly #inner: AttendanceStore;
  #queue: Waiting[] = [];
  #flushing: Promise<void> | undefined;

  constructor(inner: AttendanceStore) {
    this.#inner = inner;
  }

  async append(event: ParticipationEvent): Promise<void> {
    validateParticipationEvent(event);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  appendMany(events: readonly ParticipationEvent[]): Promise<void> {
    return this.#inner.appendMany(events);
  }

  eventsForLesson(lessonId: string): Promise<StoredParticipationEvent[]> {
    return this.#inner.eventsForLesson(lessonId);
  }

  /** Resolves once every append made so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    // Let the appends of the current tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        await this.#commit(batch);
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    try {
      await this.#inner.appendMany(batch.map((w) => w.event));
      for (const w of batch) w.resolve();
    } catch {
      // One bad event (an unknown lesson) must not fail the others: retry one by one, so each
      // caller gets its own outcome.
      for (const w of batch) {
        try {
          await this.#inner.append(w.event);
          w.resolve();
        } catch (err) {
          w.reject(err);
        }
      }
    }
  }
}

import type { Clock, Logger } from '../../platform/index.js';
import type { LessonInfo } from './LiveRoomTypes.js';
import { KEEP_AFTER_END_MS, type LessonStateStore } from './LessonStateTypes.js';

/** Appends in flight beyond which new ones are dropped (the store is down; see #append). */
const MAX_APPENDS_IN_FLIGHT = 500;

/**
 * Writes one room's transient state behind its changes (LessonStateTypes.ts). A write never
 * delays the lesson, and a failed one is logged and lost, never retried: the lesson goes on
 * without Redis, and what a dead node had not written yet (a few ms) is what a move loses.
 * Order: appends go out in the order they were made (one connection keeps them in order);
 * each value slot has at most one write in flight and one waiting, the newest value, so a
 * burst costs two writes and an outage piles nothing up.
 */
export class LessonStateKeeper {
  readonly #lesson: LessonInfo;
  readonly #store: LessonStateStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<void>>();
  /** Value slots with a write in flight → the newest value waiting behind it (undefined: none). */
  readonly #puts = new Map<string, string | undefined>();
  #appends = 0;
  #dropped = 0;
  #closed = false;
  #cleared = false;

  constructor(lesson: LessonInfo, store: LessonStateStore, clock: Clock, logger: Logger) {
    this.#lesson = lesson;
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
  }

  put(slot: string, value: unknown): void {
    if (this.#closed) return;
    const text = JSON.stringify(value);
    if (this.#puts.has(slot)) {
      this.#puts.set(slot, text);
      return;
    }
    this.#puts.set(slot, undefined);
    this.#sendPut(slot, text);
  }

  append(slot: string, value: unknown, max: number): void {
    if (this.#closed || max < 1) return;
    if (this.#appends >= MAX_APPENDS_IN_FLIGHT) {
      if (this.#dropped++ === 0) this.#logger.warn({ slot }, 'the lesson state store is not keeping up: recent chat is not kept until it does');
      return;
    }
    this.#appends++;
    this.#track('append', slot, this.#store.append(this.#lesson.id, slot, JSON.stringify(value), max, this.#ttl()), () => this.#appends--);
  }

  /** The lesson ended: everything kept goes, after the writes already sent. No write after it. */
  clear(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cleared = true;
    const pending = [...this.#inFlight];
    const clearing = Promise.allSettled(pending).then(() => this.#store.clear(this.#lesson.id));
    this.#track('clear', '', clearing);
  }

  /** The room closed: nothing more is written (participants leaving at close are not changes of the lesson). */
  close(): void {
    this.#closed = true;
  }

  /** Resolves once every write sent so far has finished (or failed); never rejects. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #sendPut(slot: string, text: string): void {
    this.#track('put', slot, this.#store.put(this.#lesson.id, slot, text, this.#ttl()), () => {
      const next = this.#puts.get(slot);
      if (next === undefined || this.#cleared) {
        this.#puts.delete(slot);
        return;
      }
      this.#puts.set(slot, undefined);
      this.#sendPut(slot, next);
    });
  }

  #track(what: string, slot: string, write: Promise<void>, done?: () => void): void {
    const tracked = write.then(
      () => {
        if (this.#appends === 0) this.#dropped = 0;
      },
      (err: unknown) => this.#logger.warn({ err, slot, lessonId: this.#lesson.id }, `keeping the lesson's state failed (${what}): a move of the lesson would lose it`),
    );
    const settled = tracked.finally(() => {
      this.#inFlight.delete(settled);
      done?.();
    });
    this.#inFlight.add(settled);
  }

  #ttl(): number {
    return Math.max(this.#lesson.scheduledEndMs - this.#clock.now(), 0) + KEEP_AFTER_END_MS;
  }
}

import type { Clock, Logger } from '../../platform/index.js';
import type { StatisticsStore } from './StatisticsTypes.js';

export interface PresenceSummarySweepOptions {
  clock: Clock;
  /** Between two sweeps. Default 60000 ms. */
  intervalMs?: number;
  /**
   * A lesson is folded this long after its end. Default 300000 ms: the leaves that follow the end
   * (sockets closing, a reconnect grace expiring) are written by then, so the summary is not
   * dropped and made again at once. A later event still drops it (never read stale).
   */
  graceMs?: number;
  /** Lessons per transaction. Default 50 (a few thousand events: milliseconds on the event loop). */
  batch?: number;
  /** A sweep that folded at least this many lessons refreshes the planner's statistics. Default 200. */
  analyzeAfter?: number;
  logger?: Logger;
}

/**
 * Folds the presence of ended lessons into their summaries (presenceSummary.ts) so that a report
 * of a term reads one row per student and lesson instead of every event. The first sweep, at
 * start, also folds what ended while the server was down; it runs batch after batch until none
 * is left, yielding to the event loop between batches.
 */
export class PresenceSummarySweep {
  readonly #store: StatisticsStore;
  readonly #clock: Clock;
  readonly #graceMs: number;
  readonly #batch: number;
  readonly #analyzeAfter: number;
  readonly #logger: Logger | undefined;
  #timer: NodeJS.Timeout | null;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(store: StatisticsStore, options: PresenceSummarySweepOptions) {
    this.#store = store;
    this.#clock = options.clock;
    this.#graceMs = options.graceMs ?? 300_000;
    this.#batch = options.batch ?? 50;
    this.#analyzeAfter = options.analyzeAfter ?? 200;
    this.#logger = options.logger;
    this.#timer = setInterval(() => void this.sweep(), options.intervalMs ?? 60_000);
    this.#timer.unref();
    void this.sweep();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** One sweep (or the one in flight); never rejects: a failure is logged and retried next time. */
  sweep(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#running ??= this.#run().finally(() => (this.#running = null));
    return this.#running;
  }

  async #run(): Promise<void> {
    let total = 0;
    try {
      for (;;) {
        if (this.#closed) break;
        const n = await this.#store.summarizeEnded(this.#clock.now() - this.#graceMs, this.#batch);
        total += n;
        if (n < this.#batch) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (total > 0) this.#logger?.info({ lessons: total }, 'presence of ended lessons summarized for the statistics');
      // A big backfill changes the tables' sizes by orders of magnitude: plan the reports on it.
      if (total >= this.#analyzeAfter && !this.#closed) {
        await this.#store.refreshPlannerStatistics().catch((err: unknown) => this.#logger?.warn({ err }, 'refreshing the planner statistics of the summaries failed; done again after the next large sweep'));
      }
    } catch (err) {
      this.#logger?.warn({ err }, 'summarizing the presence of ended lessons failed; retried at the next sweep');
    }
  }

  /** Stops the timer and waits for a sweep in flight. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}

import type { Logger } from '../../platform/index.js';
import type { ExamTaking } from './ExamTaking.js';

/**
 * Closes attempts at their deadline even when their student is gone (R11): a timer that asks
 * the store for in-progress attempts past their deadline. Every read of an attempt also closes
 * it when due, so the sweep only decides how soon an abandoned attempt shows as closed.
 */
export class DeadlineSweep {
  readonly #taking: ExamTaking;
  readonly #logger: Logger | undefined;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #closed = false;

  /** `intervalMs`: default 1000. */
  constructor(taking: ExamTaking, options: { intervalMs?: number; logger?: Logger } = {}) {
    this.#taking = taking;
    this.#logger = options.logger;
    this.#timer = setInterval(() => this.#tick(), options.intervalMs ?? 1000);
    this.#timer.unref();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #tick(): void {
    if (this.#running || this.#closed) return;
    this.#running = this.#taking
      .closeExpired()
      .then(
        (n) => {
          if (n > 0) this.#logger?.info({ closed: n }, 'exam attempts closed at their deadline');
        },
        (err: unknown) => this.#logger?.warn({ err }, 'closing exam attempts at their deadline failed; retried next tick'),
      )
      .finally(() => (this.#running = null));
  }

  /** Stops the timer and waits for a sweep in flight. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}

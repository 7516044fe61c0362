/**
 * The serial queue of one media room (conventions §12), naming each task, so that a slow one can
 * be told from the ones stuck behind it: a task that waited or ran 100 ms or more is logged at
 * debug with both figures (bench:failover reads them from the nodes' log: after a failover seven
 * pages' requests share this one queue, docs/bench.md "bench:failover").
 */
import { SerialQueue, type Logger } from '../../platform/index.js';

/** At or above this, wait plus run, a task is logged. */
const SLOW_MS = 100;

export class RoomQueue {
  readonly #queue: SerialQueue;
  readonly #log: Logger;

  constructor(name: string, log: Logger) {
    this.#queue = new SerialQueue(name);
    this.#log = log;
  }

  /** Runs `task` after every task pushed before it; `op` names it in the log. */
  push<T>(op: string, task: () => Promise<T> | T): Promise<T> {
    const queued = performance.now();
    return this.#queue.push(async () => {
      const started = performance.now();
      try {
        return await task();
      } finally {
        const waitedMs = Math.round(started - queued);
        const ranMs = Math.round(performance.now() - started);
        if (waitedMs + ranMs >= SLOW_MS) this.#log.debug({ op, waitedMs, ranMs, behind: this.#queue.size - 1 }, 'sfu: slow room task');
      }
    });
  }

  /** Rejects every task not started yet (SerialQueue.close). */
  close(): void {
    this.#queue.close();
  }
}

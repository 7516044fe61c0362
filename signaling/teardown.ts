/**
 * The resources of the running server, closed in the reverse order of their opening: on a
 * normal shutdown, and on a start-up that failed half-way (nothing is left running, no orphan
 * media worker, no open database).
 */
import type { Logger } from '../platform/index.js';

export class Teardown {
  readonly #steps: Array<{ name: string; close: () => Promise<void> | void }> = [];
  readonly #logger: Logger;
  #running: Promise<void> | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Registers what closes `name`; returns the resource, for `const x = teardown.add(...)` chains. */
  add<T>(name: string, resource: T, close: (r: T) => Promise<void> | void): T {
    this.#steps.push({ name, close: () => close(resource) });
    return resource;
  }

  /** Closes everything registered, last first; a failing step is logged and the others still run. Safe twice. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      for (const step of [...this.#steps].reverse()) {
        try {
          await step.close();
        } catch (err) {
          this.#logger.warn({ err, step: step.name }, 'closing failed');
        }
      }
    })();
    return this.#running;
  }
}

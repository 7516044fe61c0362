import { log } from './log.js';

/** A map from event name to the tuple of its listener arguments. */
export type EventMap = { [event: string]: unknown[] };

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * A small typed event emitter for the browser. A listener that throws is logged and never
 * stops the other listeners nor the emitter (conventions §4, mediasoup's safeEmit).
 */
export class TypedEmitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): void {
    this.#listeners.get(event)?.delete(listener as Listener<never>);
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }

  protected safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // Copy: a listener may remove itself (or others) while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as Listener<E[K]>)(...args);
      } catch (error) {
        log.error(`listener of "${event}" threw`, error);
      }
    }
  }
}

import { EventEmitter } from 'node:events';

/** A map from event name to the tuple of its listener arguments. */
export type EventMap = { [event: string]: unknown[] };

/** Called when a listener throws; the emitter itself never throws because of a listener. */
export type ListenerErrorReporter = (event: string, error: unknown) => void;

const defaultReporter: ListenerErrorReporter = (event, error) => {
  process.emitWarning(`listener of "${event}" threw: ${String((error as Error)?.stack ?? error)}`);
};

/**
 * An EventEmitter with typed events whose `safeEmit` isolates listeners: a listener that throws
 * is reported (logged) and the remaining listeners still run (conventions §4, mediasoup's
 * enhancedEvents `safeEmit`).
 */
export class TypedEmitter<E extends EventMap> {
  readonly #emitter = new EventEmitter();
  readonly #report: ListenerErrorReporter;

  constructor(reportListenerError: ListenerErrorReporter = defaultReporter) {
    this.#report = reportListenerError;
    this.#emitter.setMaxListeners(Infinity);
  }

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }

  /** Calls every listener of `event`; returns whether there was any. Never throws. */
  protected safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const listeners = this.#emitter.rawListeners(event) as Array<(...a: unknown[]) => void>;
    for (const listener of listeners) {
      try {
        // rawListeners returns once-wrappers that remove themselves when called.
        listener.apply(this, args);
      } catch (error) {
        try {
          this.#report(event, error);
        } catch {
          // A broken reporter must not break the emitter either.
        }
      }
    }
    return listeners.length > 0;
  }
}

import type { Logger } from '../platform/index.js';
import type { MessageHandler } from './ClusterTypes.js';

/** One call to `subscribe`: the same handler subscribed twice is two subscriptions. */
export interface Subscription {
  readonly channel: string;
  readonly handler: MessageHandler;
}

/**
 * The handlers one node has per channel, and their isolated dispatch (conventions §4): a
 * handler that throws or rejects is logged, and the others still receive the message.
 * Both buses use it, so both treat handlers the same way.
 */
export class Subscriptions {
  readonly #byChannel = new Map<string, Set<Subscription>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Adds a subscription; `first` tells whether the node must start listening on `channel`. */
  add(channel: string, handler: MessageHandler): { subscription: Subscription; first: boolean } {
    let set = this.#byChannel.get(channel);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.#byChannel.set(channel, set);
    }
    const subscription: Subscription = { channel, handler };
    set.add(subscription);
    return { subscription, first };
  }

  /**
   * Removes a subscription; returns whether it was the channel's last one (the node should
   * stop listening). False for a subscription already removed.
   */
  remove(subscription: Subscription): boolean {
    const set = this.#byChannel.get(subscription.channel);
    if (!set?.delete(subscription)) return false;
    if (set.size > 0) return false;
    this.#byChannel.delete(subscription.channel);
    return true;
  }

  has(channel: string): boolean {
    return this.#byChannel.has(channel);
  }

  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  clear(): void {
    this.#byChannel.clear();
  }

  /** Calls every handler of `channel` with `payload`; never throws. */
  dispatch(channel: string, payload: Uint8Array): void {
    const set = this.#byChannel.get(channel);
    if (!set) return;
    // A copy: a handler may unsubscribe (itself or another) while we iterate.
    for (const subscription of [...set]) {
      if (!set.has(subscription)) continue;
      try {
        const result = subscription.handler(payload, channel);
        if (result instanceof Promise) result.catch((error: unknown) => this.#report(channel, error));
      } catch (error) {
        this.#report(channel, error);
      }
    }
  }

  #report(channel: string, error: unknown): void {
    try {
      this.#logger.error({ err: error, channel }, 'cluster bus handler failed');
    } catch {
      // A broken logger must not break delivery either.
    }
  }
}

import type { Logger } from '../platform/index.js';
import type { MessageBus, MessageHandler, Unsubscribe } from './ClusterTypes.js';
import type { BusEndpoint, InMemoryClusterState } from './InMemoryClusterState.js';
import type { PendingCalls } from './PendingCalls.js';
import { Subscriptions } from './Subscriptions.js';
import { checkChannel, checkPayload } from './validation.js';

/** One node's bus over the shared in-memory state: what Redis pub/sub is across machines. */
export class InMemoryMessageBus implements MessageBus {
  readonly #state: InMemoryClusterState;
  readonly #calls: PendingCalls;
  readonly #maxPayloadBytes: number;
  readonly #subscriptions: Subscriptions;
  readonly #endpoint: BusEndpoint;

  constructor(state: InMemoryClusterState, calls: PendingCalls, maxPayloadBytes: number, logger: Logger) {
    this.#state = state;
    this.#calls = calls;
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#subscriptions = new Subscriptions(logger);
    this.#endpoint = {
      listens: (channel) => this.#subscriptions.has(channel),
      deliver: (channel, payload) => this.#subscriptions.dispatch(channel, payload),
    };
    state.addEndpoint(this.#endpoint);
  }

  publish(channel: string, payload: Uint8Array): Promise<number> {
    return this.#calls.run(async () => {
      checkChannel(channel);
      checkPayload(payload, this.#maxPayloadBytes);
      return this.#state.publish(channel, payload);
    });
  }

  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    return this.#calls.run(async () => {
      checkChannel(channel);
      const { subscription } = this.#subscriptions.add(channel, handler);
      return async () => {
        this.#subscriptions.remove(subscription);
        // Like Redis's UNSUBSCRIBE reply, resolve only after the messages already on their way.
        await new Promise((resolve) => setImmediate(resolve));
      };
    });
  }

  /** Drops every subscription: the node leaves the bus (cluster closed). */
  parentClosed(): void {
    this.#state.removeEndpoint(this.#endpoint);
    this.#subscriptions.clear();
  }
}

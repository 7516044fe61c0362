import type { Redis } from 'ioredis';
import type { Logger } from '../platform/index.js';
import type { MessageBus, MessageHandler, Unsubscribe } from './ClusterTypes.js';
import type { ClusterKeys } from './keys.js';
import type { PendingCalls } from './PendingCalls.js';
import { storeError } from './RedisConnections.js';
import { Subscriptions } from './Subscriptions.js';
import { checkChannel, checkPayload } from './validation.js';

/**
 * Redis pub/sub, one SUBSCRIBE per channel per node however many handlers it has: the
 * first handler of a channel subscribes the node, the last one leaving unsubscribes it.
 * Commands on one connection run in order, so a SUBSCRIBE/UNSUBSCRIBE/SUBSCRIBE burst on
 * one channel ends subscribed, as the handler count says.
 */
export class RedisMessageBus implements MessageBus {
  readonly #command: Redis;
  readonly #subscriber: Redis;
  readonly #keys: ClusterKeys;
  readonly #calls: PendingCalls;
  readonly #maxPayloadBytes: number;
  readonly #logger: Logger;
  readonly #subscriptions: Subscriptions;
  /** Per channel, the SUBSCRIBE its first handler sent; later handlers wait for it too. */
  readonly #subscribed = new Map<string, Promise<void>>();
  readonly #onMessage = (channel: Buffer, message: Buffer) => this.#deliver(channel, message);

  constructor(command: Redis, subscriber: Redis, keys: ClusterKeys, calls: PendingCalls, maxPayloadBytes: number, logger: Logger) {
    this.#command = command;
    this.#subscriber = subscriber;
    this.#keys = keys;
    this.#calls = calls;
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#logger = logger;
    this.#subscriptions = new Subscriptions(logger);
    subscriber.on('messageBuffer', this.#onMessage);
  }

  publish(channel: string, payload: Uint8Array): Promise<number> {
    return this.#calls.run(async () => {
      checkChannel(channel);
      checkPayload(payload, this.#maxPayloadBytes);
      const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      try {
        return await this.#command.publish(this.#keys.channel(channel), bytes);
      } catch (error) {
        throw storeError('publish', error);
      }
    });
  }

  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    return this.#calls.run(async () => {
      checkChannel(channel);
      const { subscription, first } = this.#subscriptions.add(channel, handler);
      if (first) this.#subscribed.set(channel, this.#subscriber.subscribe(this.#keys.channel(channel)).then(() => undefined));
      try {
        await this.#subscribed.get(channel);
      } catch (error) {
        if (this.#subscriptions.remove(subscription)) await this.#stopListening(channel);
        throw storeError('subscribe', error);
      }
      let done = false;
      return async () => {
        if (done) return;
        done = true;
        if (this.#subscriptions.remove(subscription) && !this.#calls.closed) await this.#stopListening(channel);
      };
    });
  }

  /** Forgets every handler; the connection itself is closed by the cluster. */
  parentClosed(): void {
    this.#subscriber.off('messageBuffer', this.#onMessage);
    this.#subscriptions.clear();
    this.#subscribed.clear();
  }

  /** Best effort: a failed UNSUBSCRIBE leaves a channel nobody handles, whose messages are dropped. */
  async #stopListening(channel: string): Promise<void> {
    this.#subscribed.delete(channel);
    try {
      await this.#subscriber.unsubscribe(this.#keys.channel(channel));
    } catch (error) {
      this.#logger.warn({ err: error, channel }, 'cluster bus: UNSUBSCRIBE failed');
    }
  }

  #deliver(rawChannel: Buffer, message: Buffer): void {
    const name = rawChannel.toString('utf8');
    if (!name.startsWith(this.#keys.channelPrefix)) return;
    const payload = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    this.#subscriptions.dispatch(name.slice(this.#keys.channelPrefix.length), payload);
  }
}

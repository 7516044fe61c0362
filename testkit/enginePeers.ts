/**
 * Test peers for the shared engine suite (sfu/engineContract.ts): one interface, two
 * implementations, so that one scenario runs on both engines.
 * - SdpTestPeer ('sdp' rooms, Janus): the wrtc PublisherBot and SubscriberBot of mediaBots.ts,
 *   offers answered as they come;
 * - TransportPeer ('transport' rooms, mediasoup): mediasoup-client on wrtc (transportPeer.ts).
 */
import type { MediaRoom, SdpMediaRoom, StreamRef } from '../sfu/index.js';
import { PublisherBot, SubscriberBot, autoAnswer, type StreamCounters } from './mediaBots.js';
import { waitFor } from './mediaSources.js';
import { TransportPeer, type PublishOptions } from './transportPeer.js';

export type { PublishOptions };

export interface TestPeer {
  readonly peerId: string;
  /**
   * Publishes "microphone" and "camera" (options.audio/video false leave one out) and resolves
   * once the room counts them as published.
   */
  publish(options?: PublishOptions): Promise<void>;
  /** Takes whatever the room sends this peer from now on (answers offers, consumes). */
  receive(): Promise<void>;
  /** Streams the engine currently delivers to this peer, "peerId/label", sorted. */
  receiving(): string[];
  of(ref: StreamRef): Promise<StreamCounters | undefined>;
  /** Waits until `ref` has received `packets` more packets (and, for video, a decoded frame more). */
  waitFlowing(ref: StreamRef, timeoutMs?: number, packets?: number): Promise<StreamCounters>;
  /** Errors of negotiations the peer ran by itself (answers, consumes). */
  readonly errors: unknown[];
  /** Closes the peer's connections client side (the room is not told). Safe twice. */
  close(): void;
}

/** The peer of an 'sdp' room: a publisher bot and a subscriber bot. */
export class SdpTestPeer implements TestPeer {
  readonly room: SdpMediaRoom;
  readonly peerId: string;
  readonly errors: unknown[] = [];
  publisher: PublisherBot | undefined;
  #subscriber: SubscriberBot | undefined;
  #stopAnswering: (() => void) | undefined;

  constructor(room: SdpMediaRoom, peerId: string) {
    this.room = room;
    this.peerId = peerId;
  }

  async publish(options: PublishOptions = {}): Promise<void> {
    this.publisher?.close();
    const { width, height, fps, simulcast } = options;
    const bot = new PublisherBot(Object.fromEntries(Object.entries({ width, height, fps, simulcast }).filter(([, v]) => v !== undefined)));
    this.publisher = bot;
    if (options.audio === false) bot.stopSending('microphone');
    if (options.video === false) bot.stopSending('camera');
    const { sdp, tracks } = await bot.offer();
    const { answerSdp } = await this.room.publish(this.peerId, sdp, tracks);
    await bot.accept(answerSdp);
    await bot.waitConnected();
    const labels = tracks.map((t) => t.label);
    await waitFor('streams published', () => labels.every((l) => this.room.streams().some((s) => s.peerId === this.peerId && s.label === l)));
  }

  async receive(): Promise<void> {
    if (this.#subscriber) return;
    this.#subscriber = new SubscriberBot();
    this.#stopAnswering = autoAnswer(this.room, this.peerId, this.#subscriber, this.errors);
  }

  receiving(): string[] {
    return (this.#subscriber?.lastOffer?.streams ?? []).map((s) => `${s.peerId}/${s.label}`).sort();
  }

  async of(ref: StreamRef): Promise<StreamCounters | undefined> {
    return this.#subscriber?.of(ref);
  }

  waitFlowing(ref: StreamRef, timeoutMs?: number, packets?: number): Promise<StreamCounters> {
    if (!this.#subscriber) throw new Error('call receive() first');
    return this.#subscriber.waitFlowing(ref, timeoutMs, packets);
  }

  close(): void {
    this.#stopAnswering?.();
    this.publisher?.close();
    this.#subscriber?.close();
  }
}

/** The peer of a 'transport' room, with publish() waiting like SdpTestPeer's. */
export class TransportTestPeer extends TransportPeer implements TestPeer {
  override async publish(options: PublishOptions = {}): Promise<void> {
    await super.publish(options);
    const labels = [...(options.audio === false ? [] : ['microphone']), ...(options.video === false ? [] : ['camera'])];
    await waitFor('streams published', () => labels.every((l) => this.room.streams().some((s) => s.peerId === this.peerId && s.label === l)));
  }

  receiving(): string[] {
    return this.streams();
  }
}

/** A test peer for `room`, whichever way it negotiates. */
export function testPeer(room: MediaRoom, peerId: string): TestPeer {
  return room.negotiation === 'sdp' ? new SdpTestPeer(room, peerId) : new TransportTestPeer(room, peerId);
}

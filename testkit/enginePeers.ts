/**
 * Test peers for the shared engine suite (testkit/engineContract.ts): mediasoup-client on wrtc
 * (transportPeer.ts), with publish() resolving once the room counts the streams as published.
 */
import type { MediaRoom, StreamRef } from '../sfu/index.js';
import { waitFor, type StreamCounters } from './mediaSources.js';
import { TransportPeer, type PublishOptions } from './transportPeer.js';

export type { PublishOptions };

export interface TestPeer {
  readonly peerId: string;
  /**
   * Publishes "microphone" and "camera" (options.audio/video false leave one out) and resolves
   * once the room counts them as published.
   */
  publish(options?: PublishOptions): Promise<void>;
  /** Takes whatever the room sends this peer from now on (consumes). */
  receive(): Promise<void>;
  /** Streams the engine currently delivers to this peer, "peerId/label", sorted. */
  receiving(): string[];
  of(ref: StreamRef): Promise<StreamCounters | undefined>;
  /** Waits until `ref` has received `packets` more packets (and, for video, a decoded frame more). */
  waitFlowing(ref: StreamRef, timeoutMs?: number, packets?: number): Promise<StreamCounters>;
  /** Errors of negotiations the peer ran by itself (consumes). */
  readonly errors: unknown[];
  /** Closes the peer's connections client side (the room is not told). Safe twice. */
  close(): void;
}

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

export function testPeer(room: MediaRoom, peerId: string): TestPeer {
  return new TransportTestPeer(room, peerId);
}

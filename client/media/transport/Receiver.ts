import type { types } from 'mediasoup-client';
import type { RemoteConsumer, SubscribedTrack } from '../../net/index.js';
import { TypedEmitter } from '../../util/emitter.js';
import { log } from '../../util/log.js';
import { markStep } from '../../util/timeline.js';
import type { RemoteTrack } from '../MediaTypes.js';
import { consumerParameters } from './ortc.js';
import type { ConsumersChange, TransportSignal } from './TransportTypes.js';

export interface ReceiverEvents {
  [event: string]: unknown[];
  /** The remote tracks after each applied change (the whole list). */
  tracks: [tracks: readonly RemoteTrack[]];
  /** A consumer could not be created: we are out of step with the server. */
  error: [error: unknown];
}

interface Received {
  consumer: types.Consumer;
  info: RemoteConsumer;
  stream: MediaStream;
}

/**
 * The receive transport's consumers: applies ConsumersChanged one at a time (consume the added
 * ones, then ResumeConsumerRequest so that the server starts sending; close the removed ones)
 * and reports the remote tracks mapped to participants.
 */
export class Receiver extends TypedEmitter<ReceiverEvents> {
  readonly #transport: types.Transport;
  readonly #signal: TransportSignal;
  readonly #received = new Map<string, Received>();
  #chain: Promise<void> = Promise.resolve();
  #remoteTracks: readonly RemoteTrack[] = [];
  #everConsumed = false;
  #closed = false;

  constructor(transport: types.Transport, signal: TransportSignal) {
    super();
    this.#transport = transport;
    this.#signal = signal;
  }

  get transportId(): string {
    return this.#transport.id;
  }

  /** Whether the transport carries (or carried) media: only then does its state matter. */
  get inUse(): boolean {
    return this.#everConsumed;
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#remoteTracks;
  }

  /** Queues a change; resolves when it has been applied. */
  apply(change: ConsumersChange): Promise<void> {
    this.#chain = this.#chain.then(() => this.#apply(change));
    return this.#chain;
  }

  async #apply(change: ConsumersChange): Promise<void> {
    if (this.#closed) return;
    for (const id of change.removed) {
      this.#received.get(id)?.consumer.close();
      this.#received.delete(id);
    }
    const fresh = change.added.filter((c) => !this.#received.has(c.id));
    // Consumed in the same tick: mediasoup-client batches them into one renegotiation.
    const results = await Promise.allSettled(
      fresh.map((info) =>
        this.#transport.consume({ id: info.id, producerId: info.producerId, kind: info.kind, rtpParameters: consumerParameters(info.rtpParameters), appData: { participantId: info.participantId, source: info.source } }),
      ),
    );
    let failure: unknown = null;
    results.forEach((result, i) => {
      const info = fresh[i];
      if (!info) return;
      if (result.status === 'rejected') {
        failure ??= result.reason;
        return;
      }
      const consumer = result.value;
      if (this.#closed) {
        consumer.close();
        return;
      }
      this.#received.set(info.id, { consumer, info, stream: new MediaStream([consumer.track]) });
      this.#everConsumed = true;
      markStep(`consumed:${info.kind}`);
      this.#signal.resumeConsumer(info.id).catch((error: unknown) => log.warn(`resume of consumer ${info.id} failed`, error));
    });
    if (this.#closed) return;
    this.#publishTracks();
    if (failure) {
      log.warn('could not consume an announced track', failure);
      this.safeEmit('error', failure);
    }
  }

  #publishTracks(): void {
    const tracks: RemoteTrack[] = [];
    for (const { consumer, info, stream } of this.#received.values()) {
      tracks.push({ mid: consumer.localId, participantId: info.participantId, source: info.source, kind: info.kind, track: consumer.track, stream });
    }
    this.#remoteTracks = tracks;
    this.safeEmit('tracks', tracks);
  }

  /** The participant and source a mid of the receive connection carries (stats). */
  trackForMid(mid: string): SubscribedTrack | undefined {
    for (const { consumer, info } of this.#received.values()) {
      if (consumer.localId === mid) return { mid, participantId: info.participantId, source: info.source };
    }
    return undefined;
  }

  midsByTrackId(): Map<string, string> {
    const out = new Map<string, string>();
    for (const { consumer } of this.#received.values()) out.set(consumer.track.id, consumer.localId);
    return out;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { consumer } of this.#received.values()) consumer.close();
    this.#received.clear();
    this.#remoteTracks = [];
    this.removeAllListeners();
  }
}

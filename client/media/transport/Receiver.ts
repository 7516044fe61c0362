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
 * The receive transport's consumers: applies each ConsumersChanged as it comes (consume the added
 * ones, then ResumeConsumerRequest so that the server starts sending; close the removed ones)
 * and reports the remote tracks mapped to participants.
 *
 * A change does not wait for the previous one's consumers: mediasoup-client puts every consume
 * asked for while a renegotiation runs into the next one. Applied one at a time, each change was
 * a renegotiation of its own, and after a failover (a dozen streams announced one by one while
 * the page is busiest) a camera waited behind several microphones' renegotiations, ~1 s each on a
 * busy page (bench:failover).
 */
export class Receiver extends TypedEmitter<ReceiverEvents> {
  readonly #transport: types.Transport;
  readonly #signal: TransportSignal;
  readonly #received = new Map<string, Received>();
  /** Consumers being created (their consume not settled yet). */
  readonly #consuming = new Set<string>();
  /** Consumers removed while being created: closed as soon as they exist. */
  readonly #removedEarly = new Set<string>();
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

  /** Applies a change now; resolves once its consumers exist (or failed). */
  async apply(change: ConsumersChange): Promise<void> {
    if (this.#closed) return;
    let removedAny = false;
    for (const id of change.removed) {
      const received = this.#received.get(id);
      if (received) {
        received.consumer.close();
        this.#received.delete(id);
        removedAny = true;
      } else if (this.#consuming.has(id)) {
        this.#removedEarly.add(id);
      }
    }
    if (removedAny) this.#publishTracks();
    const fresh = change.added.filter((c) => !this.#received.has(c.id) && !this.#consuming.has(c.id));
    for (const info of fresh) this.#consuming.add(info.id);
    // Asked for in the same tick: mediasoup-client batches them (and any other change's asked
    // for before its next renegotiation starts) into one renegotiation.
    const results = await Promise.allSettled(
      fresh.map((info) =>
        this.#transport.consume({ id: info.id, producerId: info.producerId, kind: info.kind, rtpParameters: consumerParameters(info.rtpParameters), appData: { participantId: info.participantId, source: info.source } }),
      ),
    );
    let failure: unknown = null;
    results.forEach((result, i) => {
      const info = fresh[i];
      if (!info) return;
      this.#consuming.delete(info.id);
      const removed = this.#removedEarly.delete(info.id);
      if (result.status === 'rejected') {
        if (!removed && !this.#closed) failure ??= result.reason;
        return;
      }
      const consumer = result.value;
      if (this.#closed || removed) {
        consumer.close();
        return;
      }
      this.#received.set(info.id, { consumer, info, stream: new MediaStream([consumer.track]) });
      this.#everConsumed = true;
      markStep(`consumed:${info.kind}`);
      // bench:failover's timeline: a received track is muted until its first packets arrive (a
      // video's first frame is decoded later: 2 s later while a large key frame crossed a weak
      // link, bench:netem; the stats date that frame, client/media/stats.ts firstFrameAt).
      consumer.track.addEventListener('unmute', () => markStep(`unmuted:${info.kind}`), { once: true });
      this.#signal.resumeConsumer(info.id).catch((error: unknown) => log.warn(`resume of consumer ${info.id} failed`, error));
    });
    if (this.#closed || fresh.length === 0) return;
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
    this.#consuming.clear();
    this.#removedEarly.clear();
    this.#remoteTracks = [];
    this.removeAllListeners();
  }
}

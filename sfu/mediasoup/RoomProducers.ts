/**
 * The producers of a room on one worker: what each peer publishes, on which router (its own at
 * the time: the origin or another worker of the cascade), the voices given to the speaker
 * observers on the origin, and what follows when a producer goes — its consumers at the other
 * peers closed and announced, the peer reported silent, `streamsChanged`.
 *
 * Runs inside the room's serial queue (RoomOnWorker), except gone(), which mediasoup calls when a
 * producer's transport closed; it only drops state and announces. After every await publish()
 * re-checks that the room is still open (conventions §3).
 */
import type { types } from 'mediasoup';
import { ClosedError } from '../../platform/index.js';
import { streamKey } from '../checks.js';
import type { MediaKind } from '../MediaEngineTypes.js';
import type { ConsumersChange } from '../TransportNegotiationTypes.js';
import { traceKeyFrames } from './keyFrameTrace.js';
import type { Peer } from './Peer.js';
import type { RoomOnWorkerHooks } from './RoomOnWorkerTypes.js';
import type { RouterSlot } from './RouterSlot.js';
import type { Speakers } from './Speakers.js';
import { timed } from './timed.js';

export interface RoomProducersContext {
  hooks: Pick<RoomOnWorkerHooks, 'metrics' | 'isDisabled' | 'streamsChanged' | 'log'>;
  speakers: Speakers;
  /** The room's origin router (where the speaker observers and taps are). */
  origin: RouterSlot;
  /** The room closed (or its worker died): nothing more is created or announced. */
  closed(): boolean;
  /** The origin router is closing (room closed, worker gone): the whole room goes, announce nothing. */
  routerClosed(): boolean;
  peers(): Iterable<Peer>;
  announce(peerId: string, change: ConsumersChange): void;
}

export class RoomProducers {
  readonly #ctx: RoomProducersContext;
  /** The router each producer was published on (its publisher's at the time). */
  readonly #slot = new WeakMap<types.Producer, RouterSlot>();

  constructor(ctx: RoomProducersContext) {
    this.#ctx = ctx;
  }

  /** The router `producer` was published on. */
  slotOf(producer: types.Producer): RouterSlot {
    return this.#slot.get(producer) ?? this.#ctx.origin;
  }

  /**
   * Publishes `label` of `peer` on its send transport, replacing the stream of the same label;
   * paused when the room's server-side mute holds it. A voice is piped to the origin for the
   * speaker observers. Announces `streamsChanged`; the subscribers' consumers are the caller's.
   */
  async publish(peer: Peer, label: string, kind: MediaKind, rtpParameters: types.RtpParameters): Promise<types.Producer> {
    const { hooks } = this.#ctx;
    const send = peer.transport('send');
    const previous = peer.producers.get(label);
    if (previous) this.close(peer, label, previous);
    const producer = await timed(hooks.metrics, 'produce', () =>
      send.produce({ kind, rtpParameters, paused: hooks.isDisabled(peer.id, label), appData: { peerId: peer.id, label } }),
    );
    if (this.#ctx.closed() || peer.send !== send || producer.closed) {
      producer.close();
      throw new ClosedError('media room');
    }
    peer.producers.set(label, producer);
    this.#slot.set(producer, peer.slot ?? this.#ctx.origin);
    hooks.metrics.resourceOpened('producer');
    producer.observer.once('close', () => hooks.metrics.resourceClosed('producer'));
    producer.on('transportclose', () => this.gone(peer, label, producer));
    traceKeyFrames(hooks.log, 'producer', producer, { peer: peer.id, stream: { peerId: peer.id, label } });
    // The observers are on the origin: a voice published on another worker is piped there.
    if (kind === 'audio') {
      const heard = await this.#ctx.origin.take(producer, this.slotOf(producer));
      if (heard) await this.#ctx.speakers.add(heard);
    }
    if (this.#ctx.closed()) throw new ClosedError('media room');
    // Closed meanwhile (its transport lost): unpublished already, nothing to announce.
    if (!producer.closed) hooks.streamsChanged();
    return producer;
  }

  /** Unpublishes: closes the producer and what depends on it. */
  close(peer: Peer, label: string, producer: types.Producer): void {
    producer.close();
    this.gone(peer, label, producer);
  }

  /** A producer closed (unpublished, replaced, its transport closed): its consumers go too. */
  gone(peer: Peer, label: string, producer: types.Producer): void {
    if (peer.producers.get(label) !== producer) return;
    peer.producers.delete(label);
    if (this.#ctx.closed() || this.#ctx.routerClosed()) return;
    if (producer.kind === 'audio') this.#ctx.speakers.audioGone(peer.id);
    const key = streamKey({ peerId: peer.id, label });
    for (const other of this.#ctx.peers()) {
      const entry = other.consumers.get(key);
      if (!entry || entry.producerId !== producer.id) continue;
      other.consumers.delete(key);
      // On the producer's own router the worker closed the consumer with it: closing it again is
      // refused there ("Consumer not found", an error in the log at every leave) before the
      // worker's notice reaches this side. A pipe producer on the peer's router closes later.
      if (!entry.producer.closed) entry.consumer.close();
      this.#ctx.announce(other.id, { added: [], removed: [entry.consumer.id] });
    }
    this.#ctx.hooks.streamsChanged();
  }
}

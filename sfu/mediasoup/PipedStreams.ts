/**
 * Streams of a room that were published on another node and piped in (docs/cluster.md "One
 * lesson over several nodes"): on an edge node, each stream of the lesson's owner arrives as a
 * producer of a PipeTransport with the owner's producer id, and is offered to the room's peers
 * as if its publisher were here: under the publisher's peer id and label, in `streams()`, and
 * subscribed like any other. The publisher is not a peer of this room (no transports, nothing to
 * receive): kept apart from the room's peers, so peer counts, load and metrics stay local.
 *
 * Plain state: RoomOnWorker adds and forgets entries inside its serial queue.
 */
import type { types } from 'mediasoup';
import type { PublishedStream, StreamRef } from '../MediaEngineTypes.js';
import { Peer } from './Peer.js';
import type { RoomProducers } from './RoomProducers.js';

export interface PipedStreamInfo extends StreamRef {
  producerId: string;
  kind: 'audio' | 'video';
  /** Paused on its node (server-side mute). */
  paused: boolean;
}

export class PipedStreams {
  /** Remote publishers by peer id; each Peer holds only producers (no transports). */
  readonly #publishers = new Map<string, Peer>();

  /**
   * Adds `producer` as stream `ref`, replacing an earlier copy; when it closes, its consumers go
   * like those of a local stream that ends (RoomProducers.gone: closed, announced).
   */
  add(ref: StreamRef, producer: types.Producer, producers: RoomProducers): void {
    const publisher = this.#publisher(ref.peerId);
    const previous = publisher.producers.get(ref.label);
    if (previous) producers.close(publisher, ref.label, previous);
    publisher.producers.set(ref.label, producer);
    producer.observer.once('close', () => {
      producers.gone(publisher, ref.label, producer);
      if (publisher.producers.size === 0 && this.#publishers.get(publisher.id) === publisher) this.#publishers.delete(publisher.id);
    });
  }

  /** The remote publisher of `peerId`, made on its first stream. */
  #publisher(peerId: string): Peer {
    let peer = this.#publishers.get(peerId);
    if (!peer) {
      peer = new Peer(peerId);
      this.#publishers.set(peerId, peer);
    }
    return peer;
  }

  producer(ref: StreamRef): types.Producer | undefined {
    return this.#publishers.get(ref.peerId)?.producers.get(ref.label);
  }

  published(): PublishedStream[] {
    return [...this.#publishers.values()].flatMap((p) => p.published());
  }

  clear(): void {
    this.#publishers.clear();
  }
}

/** The streams the room's own peers publish, with their producer ids (what an edge may pipe). */
export function localStreamsOf(peers: Iterable<Peer>): PipedStreamInfo[] {
  return [...peers].flatMap((peer) => [...peer.producers].map(([label, p]) => ({ peerId: peer.id, label, producerId: p.id, kind: p.kind, paused: p.paused })));
}

/** The open producer `id` of one of `peers`. */
export function producerById(peers: Iterable<Peer>, id: string): types.Producer | undefined {
  for (const peer of peers) for (const p of peer.producers.values()) if (p.id === id && !p.closed) return p;
  return undefined;
}

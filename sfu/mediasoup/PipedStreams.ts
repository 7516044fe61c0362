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

export interface PipedStreamInfo extends StreamRef {
  producerId: string;
  kind: 'audio' | 'video';
  /** Paused on its node (server-side mute). */
  paused: boolean;
}

export class PipedStreams {
  /** Remote publishers by peer id; each Peer holds only producers (no transports). */
  readonly #publishers = new Map<string, Peer>();

  /** The remote publisher of `peerId`, made on its first stream. */
  publisher(peerId: string): Peer {
    let peer = this.#publishers.get(peerId);
    if (!peer) {
      peer = new Peer(peerId);
      this.#publishers.set(peerId, peer);
    }
    return peer;
  }

  has(peerId: string): boolean {
    return this.#publishers.has(peerId);
  }

  producer(ref: StreamRef): types.Producer | undefined {
    return this.#publishers.get(ref.peerId)?.producers.get(ref.label);
  }

  /** Forgets a publisher once its last stream is gone. */
  tidy(peer: Peer): void {
    if (peer.producers.size === 0 && this.#publishers.get(peer.id) === peer) this.#publishers.delete(peer.id);
  }

  published(): PublishedStream[] {
    return [...this.#publishers.values()].flatMap((p) => p.published());
  }

  clear(): void {
    this.#publishers.clear();
  }
}

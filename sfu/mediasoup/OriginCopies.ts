/**
 * The copies of published streams a room makes on its origin router, outside any subscription:
 * the recorder's taps (StreamTap) and the pages' first-sound listeners (StreamListener). The
 * RoomOnWorker finds the producer on the origin and queues the work; this keeps what was made
 * (dropped on its `closed`), closes a peer's listeners with the peer and everything with the
 * router.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../../platform/index.js';
import type { StreamRef, TapTarget } from '../MediaEngineTypes.js';
import type { SfuMetrics } from '../metrics.js';
import { openListener, type MediasoupStreamListener } from './StreamListener.js';
import { openTap, type MediasoupStreamTap } from './StreamTap.js';

type Copy = MediasoupStreamTap | MediasoupStreamListener;

export class OriginCopies {
  readonly #ctx: { metrics: SfuMetrics; log: Logger; closed(): boolean };
  readonly #taps = new Set<MediasoupStreamTap>();
  readonly #listeners = new Set<MediasoupStreamListener>();

  /** `closed`: whether the room closed meanwhile (what was being made is closed then). */
  constructor(ctx: { metrics: SfuMetrics; log: Logger; closed(): boolean }) {
    this.#ctx = ctx;
  }

  async tap(router: types.Router, producer: types.Producer, ref: StreamRef, target: Required<TapTarget>): Promise<MediasoupStreamTap> {
    return keep(this.#taps, await openTap(router, producer, ref, target, this.#ctx));
  }

  async listen(router: types.Router, transport: types.WebRtcTransport, producer: types.Producer, peerId: string, ref: StreamRef): Promise<MediasoupStreamListener> {
    return keep(this.#listeners, await openListener(router, transport, producer, { peerId, stream: ref }, this.#ctx));
  }

  peerRemoved(peerId: string): void {
    for (const listener of [...this.#listeners]) if (listener.peerId === peerId) listener.parentClosed('peer removed');
  }

  /** The router closed (room closed, or its worker lost): their transports went with it. */
  routerClosed(reason: 'room closed' | 'room reset'): void {
    for (const tap of [...this.#taps]) tap.parentClosed(reason);
    for (const listener of [...this.#listeners]) listener.parentClosed(reason);
  }
}

function keep<T extends Copy>(set: Set<T>, copy: T): T {
  set.add(copy);
  copy.on('closed', () => set.delete(copy));
  return copy;
}

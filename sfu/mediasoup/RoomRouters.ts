/**
 * The routers of one room (the cascade): the origin, where the room was placed, and one router
 * per other worker its audience spread onto. A new peer's router is chosen by the engine from
 * measured load (`pickWorker`, placement.ts choosePeerWorker); a worker other than the origin's
 * gets a router of the room on its first peer and loses it with its last. See docs/sfu.md
 * "Cascade" and docs/closures.md.
 *
 * Runs inside the room's serial queue (RoomOnWorker), except #lost(), which mediasoup calls when
 * a worker died; it only drops state and reports the peers that were on it.
 */
import { ClosedError, type Logger } from '../../platform/index.js';
import type { SfuMetrics } from '../metrics.js';
import type { Peer } from './Peer.js';
import { RouterSlot } from './RouterSlot.js';
import type { WorkerHost } from './WorkerHost.js';

export interface RoomRoutersHooks {
  log: Logger;
  metrics: SfuMetrics;
  /** The worker for a new peer of the room (undefined: none up besides, keep the origin). */
  pickWorker(origin: WorkerHost): WorkerHost | undefined;
  /**
   * A router other than the origin died with its worker: the transports, producers and
   * consumers of `peers` on it are gone (mediasoup closed them first). The room goes on.
   */
  slotLost(slot: RouterSlot, peers: string[], reason: string): void;
}

export class RoomRouters {
  readonly origin: RouterSlot;
  readonly #hooks: RoomRoutersHooks;
  /** Routers on other workers, by worker id. */
  readonly #satellites = new Map<string, RouterSlot>();
  #closed = false;

  constructor(origin: RouterSlot, hooks: RoomRoutersHooks) {
    this.origin = origin;
    this.#hooks = hooks;
  }

  /** Every router of the room, the origin first. */
  all(): RouterSlot[] {
    return [this.origin, ...this.#satellites.values()];
  }

  /**
   * The router for a peer that has none yet (or lost its worker), on the worker the engine
   * picks. A router that cannot be made there (its worker just stopped) leaves the peer on the
   * origin: a working connection first, the balance next time.
   */
  async place(): Promise<RouterSlot> {
    const host = this.#hooks.pickWorker(this.origin.host);
    if (!host || host === this.origin.host) return this.origin;
    const existing = this.#satellites.get(host.id);
    if (existing && !existing.closed) return existing;
    let slot: RouterSlot;
    try {
      slot = await RouterSlot.create(host, this.#hooks.metrics);
    } catch (err) {
      if (this.#closed) throw new ClosedError('media room');
      this.#hooks.log.warn({ err, worker: host.id }, 'sfu: no router on the chosen worker; the peer stays on the origin');
      return this.origin;
    }
    if (this.#closed) {
      slot.close();
      throw new ClosedError('media room');
    }
    this.#satellites.set(host.id, slot);
    slot.router.once('workerclose', () => this.#lost(slot));
    this.#hooks.log.info({ worker: host.id, origin: this.origin.host.id, router: slot.router.id }, 'sfu: room spreads onto another worker');
    return slot;
  }

  /**
   * What the room costs worker `hostId`: its peers there (placed: connected once) and their
   * consumers, each counting at least the streams it wants (one just placed has none yet), plus
   * the pipes into the router.
   */
  loadOn(hostId: string, peers: Iterable<Peer>): { peers: number; consumers: number } {
    let count = 0;
    let consumers = 0;
    for (const p of peers) {
      if (!p.slot || p.slot.closed || p.slot.host.id !== hostId) continue;
      count++;
      consumers += Math.max(p.consumers.size, p.wanted.size);
    }
    for (const slot of this.all()) if (slot.host.id === hostId) consumers += slot.pipes;
    return { peers: count, consumers };
  }

  /** Each router: its worker, whether it is the origin, its peers and pipe producers. */
  describe(): Array<{ worker: string; origin: boolean; peers: number; pipes: number }> {
    return this.all().map((s) => ({ worker: s.host.id, origin: s.origin, peers: s.peers.size, pipes: s.pipes }));
  }

  /** `peerId` has its transports on `slot`. */
  join(slot: RouterSlot, peerId: string): void {
    slot.peers.add(peerId);
  }

  /** `peerId` left `slot`; a router other than the origin closes with its last peer (its pipes stop). */
  leave(slot: RouterSlot, peerId: string): void {
    slot.peers.delete(peerId);
    if (slot.origin || slot.peers.size > 0 || this.#satellites.get(slot.host.id) !== slot) return;
    this.#satellites.delete(slot.host.id);
    slot.close();
  }

  /** The room closes, or its origin's worker died: the other routers close (their workers live on). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#satellites.values()) slot.close();
    this.#satellites.clear();
  }

  #lost(slot: RouterSlot): void {
    if (this.#satellites.get(slot.host.id) !== slot) return;
    this.#satellites.delete(slot.host.id);
    slot.parentClosed();
    const peers = [...slot.peers];
    slot.peers.clear();
    if (this.#closed) return;
    this.#hooks.log.warn({ worker: slot.host.id, peers: peers.length }, 'sfu: a worker of the room died; its peers connect again elsewhere');
    this.#hooks.slotLost(slot, peers, `media server ${slot.host.id} stopped`);
  }
}

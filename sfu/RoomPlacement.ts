/**
 * Where rooms live, for both engines: a room is placed on the least-loaded instance that is up
 * (a mediasoup worker), waiting for one to come up when none is; when an
 * instance dies, its rooms drop their state (`lost()`) and are placed again, on another instance
 * or on the restarted one, until that succeeds or the room or engine closes. One relocation loop
 * per room, however many deaths.
 */
import { UnavailableError, deferred, sleep, type Deferred, type Logger } from '../platform/index.js';

/** A room that outlives the instance it is on (MediasoupRoom). */
export interface RelocatableRoom<H> {
  readonly id: string;
  readonly closed: boolean;
  /** The instance the room is on or is being placed on. */
  readonly instanceId: string | undefined;
  /** Creates the room on `host`; with `resetReason`, emits `reset` once usable. */
  place(host: H, resetReason?: string): Promise<void>;
  /** Its instance died: drop every peer's state, tell nobody. */
  lost(): void;
}

export interface RoomPlacementDeps<H> {
  log: Logger;
  /** The least-loaded instance that is up now, if any. */
  pick(): { id: string; host: H } | undefined;
}

export class RoomPlacement<H, R extends RelocatableRoom<H>> {
  readonly #deps: RoomPlacementDeps<H>;
  readonly #relocating = new Set<R>();
  #anyUp: Deferred<void> = deferred<void>();
  #closed = false;

  constructor(deps: RoomPlacementDeps<H>) {
    this.#deps = deps;
  }

  /** An instance came up: placements waiting for one go on. */
  instanceUp(): void {
    const waiting = this.#anyUp;
    this.#anyUp = deferred<void>();
    waiting.resolve();
  }

  /** Instance `instanceId` died: its rooms among `rooms` are lost and placed again. */
  instanceDown(instanceId: string, reason: string, rooms: Iterable<R>): void {
    for (const room of rooms) {
      if (room.instanceId !== instanceId) continue;
      room.lost();
      void this.#relocate(room, `media server ${instanceId} stopped (${reason})`);
    }
  }

  /** Places `room` on the least-loaded up instance, retrying until `withinMs` has passed. */
  async placeWithin(room: R, withinMs: number, resetReason?: string): Promise<void> {
    const deadline = Date.now() + withinMs;
    let lastError: unknown;
    while (!this.#closed && !room.closed && Date.now() < deadline) {
      const target = this.#deps.pick();
      if (!target) {
        await Promise.race([this.#anyUp.promise, sleep(Math.max(0, deadline - Date.now()))]).catch(() => undefined);
        continue;
      }
      try {
        await room.place(target.host, resetReason);
        return;
      } catch (err) {
        lastError = err;
        if (!(err instanceof UnavailableError)) this.#deps.log.warn({ err, room: room.id, instance: target.id }, 'sfu: room placement failed');
        await sleep(100);
      }
    }
    throw new UnavailableError('The media server is restarting, try again shortly', { cause: lastError });
  }

  /** The engine is closing: waiting placements give up. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#anyUp.reject(new UnavailableError('the media engine is closed'));
    this.#anyUp.promise.catch(() => undefined);
  }

  /** Re-creates a room whose instance died; tries until it succeeds or the room/engine closes. */
  async #relocate(room: R, reason: string): Promise<void> {
    if (this.#relocating.has(room)) return;
    this.#relocating.add(room);
    try {
      while (!this.#closed && !room.closed) {
        try {
          await this.placeWithin(room, 60_000, reason);
          return;
        } catch (err) {
          this.#deps.log.warn({ err, room: room.id }, 'sfu: room not re-created yet, still trying');
        }
      }
    } finally {
      this.#relocating.delete(room);
    }
  }
}

import type { types } from 'mediasoup-client';
import type { TransportDirection } from '../../net/index.js';
import { log } from '../../util/log.js';
import type { TransportSignal } from './TransportTypes.js';

/** A transport not connected this long after its ICE restart gets a full restart. */
const ICE_RESTART_GRACE_MS = 10_000;

export interface IceRecoveryOptions {
  signal: Pick<TransportSignal, 'restartIce'>;
  /** The controller's current generation: work started for an older one is dropped. */
  generation(): number;
  /** A full restart (RestartMediaRequest + MediaSetupRequest). */
  restart(why: string): void;
}

/**
 * The first answer to a failed transport: one ICE restart (RestartIceRequest), watched for
 * ICE_RESTART_GRACE_MS; a transport that fails again, does not reconnect in time or whose restart
 * is refused gets the full restart. Per direction, counted since it was last connected.
 */
export class IceRecovery {
  readonly #o: IceRecoveryOptions;
  readonly #restarts: Record<TransportDirection, number> = { send: 0, recv: 0 };
  readonly #watch: Record<TransportDirection, ReturnType<typeof setTimeout> | null> = { send: null, recv: null };

  constructor(options: IceRecoveryOptions) {
    this.#o = options;
  }

  connected(direction: TransportDirection): void {
    this.#restarts[direction] = 0;
    this.#unwatch(direction);
  }

  failed(direction: TransportDirection, transport: types.Transport): void {
    if (this.#restarts[direction] >= 1) {
      this.#o.restart(`${direction} transport failed again after an ICE restart`);
      return;
    }
    this.#restarts[direction]++;
    const generation = this.#o.generation();
    log.info(`${direction} transport failed: restarting ICE`);
    this.#unwatch(direction);
    this.#watch[direction] = setTimeout(() => {
      this.#watch[direction] = null;
      if (generation === this.#o.generation() && transport.connectionState !== 'connected') this.#o.restart(`${direction} transport did not recover after an ICE restart`);
    }, ICE_RESTART_GRACE_MS);
    this.#o.signal
      .restartIce(direction)
      .then((iceParameters) => (generation === this.#o.generation() && !transport.closed ? transport.restartIce({ iceParameters }) : undefined))
      .catch((error: unknown) => {
        if (generation !== this.#o.generation()) return;
        log.warn('ICE restart failed', error);
        this.#o.restart(`${direction} transport failed and its ICE restart did not go through`);
      });
  }

  /** New transports (or none): nothing tried, nothing watched. */
  reset(): void {
    for (const direction of ['send', 'recv'] as const) this.connected(direction);
  }

  #unwatch(direction: TransportDirection): void {
    const timer = this.#watch[direction];
    if (timer) clearTimeout(timer);
    this.#watch[direction] = null;
  }
}

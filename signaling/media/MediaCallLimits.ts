/**
 * Per-participant budgets for the media requests that cost the SFU real work (creating
 * transports, producers, ICE restarts), on top of the connection's general message rate limit:
 * a client in a loop (or a hostile one) gets RATE_LIMITED with a clear message instead of
 * churning the media engine. The budgets are generous for an honest client: a page reload,
 * a network change or a breakout move costs one setup, 2-3 produces and 2 connects.
 */
import { RateLimitedError, type Clock } from '../../platform/index.js';

export type MediaCall = 'setup' | 'produce' | 'connect' | 'restartIce';

/** Calls allowed per participant per minute (a sliding window). */
export const MEDIA_CALLS_PER_MINUTE: Readonly<Record<MediaCall, number>> = {
  setup: 12,
  produce: 40,
  connect: 30,
  restartIce: 12,
};

const WHAT: Record<MediaCall, string> = {
  setup: 'media set-ups',
  produce: 'track publications',
  connect: 'transport connections',
  restartIce: 'ICE restarts',
};

const WINDOW_MS = 60_000;

export class MediaCallLimits {
  readonly #clock: Clock;
  readonly #limits: Readonly<Record<MediaCall, number>>;
  /** participant -> call -> times (ms) of the calls within the window, oldest first. */
  readonly #calls = new Map<string, Map<MediaCall, number[]>>();

  constructor(clock: Clock, limits: Readonly<Record<MediaCall, number>> = MEDIA_CALLS_PER_MINUTE) {
    this.#clock = clock;
    this.#limits = limits;
  }

  /** Counts one call; throws RateLimitedError (nothing counted) when the budget is spent. */
  take(participantId: string, call: MediaCall): void {
    const now = this.#clock.now();
    let perCall = this.#calls.get(participantId);
    if (!perCall) this.#calls.set(participantId, (perCall = new Map()));
    const times = (perCall.get(call) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length >= this.#limits[call]) {
      perCall.set(call, times);
      const retryAfterSeconds = Math.max(1, Math.ceil((WINDOW_MS - (now - (times[0] ?? now))) / 1000));
      throw new RateLimitedError(`Too many ${WHAT[call]} in a minute; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
    times.push(now);
    perCall.set(call, times);
  }

  /** Forgets a participant that left. */
  forget(participantId: string): void {
    this.#calls.delete(participantId);
  }
}

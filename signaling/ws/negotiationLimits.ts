/**
 * What one participant may make the media engine do (issue 13.6): the negotiations a client
 * starts on its own (NEGOTIATION_REQUESTS) are counted per user and lesson, `burst` at once then
 * `perMinute`. The check runs before the request reaches its handler (signaling/features/dispatch.ts).
 * (Until issue 12 it also bounded the media sections of a client's SDP offer: a 402-m-line offer
 * sent again and again kept Janus at 65% of a core. Clients send no SDP any more.)
 */
import { RateLimitedError } from '../../platform/index.js';
import { KeyedRateLimiter } from './KeyedRateLimiter.js';

export interface NegotiationLimitOptions {
  /** Negotiations one user may start in one lesson at once, then `perMinute`. */
  burst: number;
  perMinute: number;
}

/**
 * A real client starts a few negotiations a minute at most (a restart after a network change).
 */
export const DEFAULT_NEGOTIATION_LIMITS: NegotiationLimitOptions = { burst: 20, perMinute: 60 };

/**
 * The negotiations a client starts on its own: a restart of its media, which drops and re-creates
 * its transports. The transport protocol's calls (set-up, connect, produce, ICE restart) have
 * their own budgets per participant and kind in the media slice (signaling/media/MediaCallLimits.ts).
 */
export const NEGOTIATION_REQUESTS: ReadonlySet<string> = new Set(['restartMedia']);

export class NegotiationLimits {
  readonly #rate: KeyedRateLimiter;

  constructor(options: NegotiationLimitOptions = DEFAULT_NEGOTIATION_LIMITS) {
    this.#rate = new KeyedRateLimiter({ burst: options.burst, perMinute: options.perMinute });
  }

  /** True for a request these limits apply to. */
  applies(type: string): boolean {
    return NEGOTIATION_REQUESTS.has(type);
  }

  /** Checks one negotiation request of `userId` in `lessonId`: RATE_LIMITED beyond the rate (the wait in the message). */
  check(request: { type: string }, userId: string, lessonId: string, now: number): void {
    if (!this.applies(request.type)) return;
    const waitMs = this.#rate.take(`${lessonId}:${userId}`, now);
    if (waitMs > 0) throw new RateLimitedError(`Too many media negotiations; try again in ${Math.ceil(waitMs / 1000)} s`, Math.ceil(waitMs / 1000));
  }
}

/**
 * What one participant may make the media engine do (issue 13.6): a 402-m-line offer sent again
 * and again kept Janus at 65% of a core. A client's offer may have at most `maxMLines` media
 * sections, and the negotiations a client starts (NEGOTIATION_REQUESTS) are counted per user and
 * lesson, `burst` at once then `perMinute`. Both checks run before the request reaches its handler
 * (signaling/features/dispatch.ts), whichever media slice handles it.
 */
import { RateLimitedError, TooLargeError } from '../../platform/index.js';
import { KeyedRateLimiter } from './KeyedRateLimiter.js';

export interface NegotiationLimitOptions {
  /** Media sections (m= lines) in one SDP a client sends. */
  maxMLines: number;
  /** Negotiations one user may start in one lesson at once, then `perMinute`. */
  burst: number;
  perMinute: number;
}

/**
 * A client publishes at most a microphone, a camera and a screen (3 sections), and browsers keep
 * the sections of stopped tracks in later offers (port 0) until they reuse them: 16 leaves room
 * for a long lesson of screen shares started and stopped. A real client starts a few
 * negotiations a minute at most (a screen share started or stopped, a restart after a network
 * change).
 */
export const DEFAULT_NEGOTIATION_LIMITS: NegotiationLimitOptions = { maxMLines: 16, burst: 20, perMinute: 60 };

/**
 * The negotiations a client starts on its own (an SDP offer, a restart of its media). The
 * transport protocol's calls (set-up, connect, produce, ICE restart) have their own budgets per
 * participant and kind in the media slice (signaling/media/MediaCallLimits.ts). A subscriber
 * answer is not counted: it answers the server's own offer, one per change of what the client
 * receives (30 classmates arriving make 30 of them), and the server decides how often it offers.
 */
export const NEGOTIATION_REQUESTS: ReadonlySet<string> = new Set(['publish', 'restartMedia']);

/** Requests whose SDP the client wrote itself (an offer): bounded in media sections. */
const CLIENT_OFFERS: ReadonlySet<string> = new Set(['publish']);

/** The number of media sections of an SDP (lines starting with "m="). */
export function countMLines(sdp: string): number {
  let n = sdp.startsWith('m=') ? 1 : 0;
  for (let i = sdp.indexOf('\nm='); i !== -1; i = sdp.indexOf('\nm=', i + 1)) n++;
  return n;
}

export class NegotiationLimits {
  readonly #options: NegotiationLimitOptions;
  readonly #rate: KeyedRateLimiter;

  constructor(options: NegotiationLimitOptions = DEFAULT_NEGOTIATION_LIMITS) {
    this.#options = options;
    this.#rate = new KeyedRateLimiter({ burst: options.burst, perMinute: options.perMinute });
  }

  /** True for a request these limits apply to. */
  applies(type: string): boolean {
    return NEGOTIATION_REQUESTS.has(type);
  }

  /**
   * Checks one negotiation request of `userId` in `lessonId`: TOO_LARGE for an offer with too
   * many media sections (not counted), RATE_LIMITED beyond the rate (the wait in the message).
   */
  check(request: { type: string; sdp?: unknown }, userId: string, lessonId: string, now: number): void {
    if (!this.applies(request.type)) return;
    if (CLIENT_OFFERS.has(request.type) && typeof request.sdp === 'string') {
      const sections = countMLines(request.sdp);
      if (sections > this.#options.maxMLines) {
        throw new TooLargeError(`The offer has ${sections} media sections; at most ${this.#options.maxMLines} are accepted`);
      }
    }
    const waitMs = this.#rate.take(`${lessonId}:${userId}`, now);
    if (waitMs > 0) throw new RateLimitedError(`Too many media negotiations; try again in ${Math.ceil(waitMs / 1000)} s`, Math.ceil(waitMs / 1000));
  }
}

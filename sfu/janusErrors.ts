/**
 * Maps what Janus (through janode) rejects a request with to the app's error types: an SDP or
 * ICE input the client can fix becomes a MediaError with a user-safe message; a connection,
 * session or timeout problem becomes an UnavailableError (retry after MediaReset); anything
 * else stays an internal error with the Janus text as its cause.
 */
import { AppError, MediaError, UnavailableError } from '../platform/index.js';

/** Janus core error codes (apierror.h) that mean "your SDP/ICE input is wrong". */
const CORE_MEDIA_CODES = new Set([464 /* JSEP unknown type */, 465 /* invalid SDP */, 466 /* trickle invalid stream */, 469 /* unexpected answer */]);
/** VideoRoom plugin error codes that mean the same. */
const VIDEOROOM_MEDIA_CODES = new Set([431 /* invalid SDP type */, 437 /* invalid SDP */]);
/** Codes meaning the session or handle is gone on the Janus side. */
const GONE_CODES = new Set([458 /* no such session */, 459 /* no such handle */]);

const GONE_MESSAGES = [
  /connection closed/i,
  /connection has (not )?been (opened|closed)/i,
  /unexpected disconnection/i,
  /session (destroyed|has been destroyed)/i,
  /handle (detached|has been detached)/i,
  /timed out/i,
];

/** The numeric code of a janode error: `_code` for plugin errors, the message prefix for core ones. */
export function janusErrorCode(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const plugin = (err as Error & { _code?: unknown })._code;
  if (typeof plugin === 'number') return plugin;
  const m = /^(\d{3}) /.exec(err.message);
  return m ? Number(m[1]) : undefined;
}

/** The app error for a failed Janus request named `request`. AppErrors pass through unchanged. */
export function toEngineError(err: unknown, request: string): Error {
  if (err instanceof AppError) return err;
  const code = janusErrorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code !== undefined && (CORE_MEDIA_CODES.has(code) || VIDEOROOM_MEDIA_CODES.has(code))) {
    return new MediaError('The media description (SDP) was refused by the media server', { cause: err, details: { request, janus: text } });
  }
  if ((code !== undefined && GONE_CODES.has(code)) || GONE_MESSAGES.some((re) => re.test(text))) {
    return new UnavailableError('The media server is restarting, try again shortly', { cause: err, details: { request } });
  }
  return new Error(`Janus ${request} failed: ${text}`, { cause: err });
}

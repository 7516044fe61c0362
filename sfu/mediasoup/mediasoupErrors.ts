/**
 * Maps what mediasoup rejects a call with to the app's error types (conventions §6):
 * - `TypeError` (its parameter validation, in Node or in the worker) and `UnsupportedError`
 *   (a codec or extension the router cannot take) mean the peer's input is wrong: a
 *   ValidationError, safe to show, never INTERNAL for a client's bad input;
 * - `InvalidStateError` (a closed channel, router or transport: the worker died or the room
 *   closed meanwhile) is an UnavailableError: retry after MediaReset;
 * - anything else stays an internal error with mediasoup's text as its cause.
 */
import { AppError, UnavailableError, ValidationError } from '../../platform/index.js';

/** mediasoup exports its error classes as types only: they are told apart by `name`. */
function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** Most characters of mediasoup's message kept in a ValidationError shown to the user. */
const MAX_MESSAGE = 200;

/** The app error for a failed mediasoup call named `call`. AppErrors pass through unchanged. */
export function toEngineError(err: unknown, call: string): Error {
  if (err instanceof AppError) return err;
  const text = err instanceof Error ? err.message : String(err);
  const name = errorName(err);
  if (err instanceof TypeError || name === 'UnsupportedError') {
    return new ValidationError(`Invalid media parameters: ${text.slice(0, MAX_MESSAGE)}`, { cause: err, details: { call } });
  }
  if (name === 'InvalidStateError') {
    return new UnavailableError('The media server is restarting, try again shortly', { cause: err, details: { call } });
  }
  return new Error(`mediasoup ${call} failed: ${text}`, { cause: err });
}

/** Runs a mapping into mediasoup's types; its TypeError (malformed input) becomes a ValidationError. */
export function validated<T>(what: string, map: () => T): T {
  try {
    return map();
  } catch (err) {
    throw toEngineError(err, what);
  }
}

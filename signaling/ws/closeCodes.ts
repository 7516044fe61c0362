/** WebSocket close codes of the protocol (docs/protocol.md) and the one error -> close mapping. */
import { AppError } from '../../platform/index.js';

export const CLOSE = {
  normal: 1000,
  protocolViolation: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  joinTimeout: 4408,
  replaced: 4409,
  lessonEnded: 4410,
  lessonLocked: 4423,
  unsupportedVersion: 4426,
  rateLimited: 4429,
  draining: 4503,
  tooSlow: 4508,
  /** A request still running after twice its timeout (ClientSession): the client reconnects. */
  requestStuck: 1011,
} as const;

/** Close codes after which the client must not reconnect on its own. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE.unauthenticated,
  CLOSE.forbidden,
  CLOSE.notFound,
  CLOSE.replaced,
  CLOSE.lessonEnded,
  CLOSE.lessonLocked,
  CLOSE.unsupportedVersion,
]);

/**
 * After a failed join the connection is useless when the failure cannot change by retrying on
 * the same socket: the error is answered, then the socket is closed with this code.
 * Returns undefined for failures that leave the connection open (e.g. a malformed request).
 */
export function closeCodeForJoinError(err: unknown): number | undefined {
  if (!(err instanceof AppError)) return undefined;
  switch (err.code) {
    case 'UNAUTHENTICATED':
      return CLOSE.unauthenticated;
    case 'FORBIDDEN':
      return CLOSE.forbidden;
    case 'NOT_FOUND':
      return CLOSE.notFound;
    case 'LESSON_ENDED':
      return CLOSE.lessonEnded;
    case 'LESSON_LOCKED':
      return CLOSE.lessonLocked;
    case 'UNSUPPORTED_VERSION':
      return CLOSE.unsupportedVersion;
    default:
      return undefined;
  }
}

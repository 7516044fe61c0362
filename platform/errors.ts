/**
 * Error types that carry a code, their audience and a cause (conventions §6).
 *
 * An `AppError` whose `exposable` flag is true has a message that is safe to show a user
 * (and is sent as-is over the wire). Anything else is logged and reported as INTERNAL.
 * Each transport has exactly one function that maps errors to its wire form.
 */

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_VERSION'
  | 'NOT_JOINED'
  | 'LESSON_ENDED'
  | 'LESSON_LOCKED'
  | 'MEDIA'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface AppErrorOptions {
  cause?: unknown;
  /** Structured details for logs and, for validation errors, for the API response. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** True when `message` may be shown to the user who caused the error. */
  readonly exposable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, exposable: boolean, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exposable = exposable;
    this.details = options.details;
  }
}

/** Input that does not satisfy its schema or a domain rule about its shape. */
export class ValidationError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('BAD_REQUEST', message, true, options);
  }
}

/** Missing, forged or expired credentials. */
export class NotAuthenticatedError extends AppError {
  constructor(message = 'Not authenticated', options?: AppErrorOptions) {
    super('UNAUTHENTICATED', message, true, options);
  }
}

/** The caller is known but their role or membership does not allow the action. */
export class NotAuthorizedError extends AppError {
  constructor(message = 'Not allowed', options?: AppErrorOptions) {
    super('FORBIDDEN', message, true, options);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('NOT_FOUND', message, true, options);
  }
}

/** The request is well-formed but the current state does not allow it. */
export class ConflictError extends AppError {
  constructor(
    message: string,
    code: Extract<ErrorCode, 'CONFLICT' | 'NOT_JOINED' | 'LESSON_ENDED' | 'LESSON_LOCKED' | 'UNSUPPORTED_VERSION'> = 'CONFLICT',
    options?: AppErrorOptions,
  ) {
    super(code, message, true, options);
  }
}

export class TooLargeError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('TOO_LARGE', message, true, options);
  }
}

export class RateLimitedError extends AppError {
  /** Seconds after which a retry may succeed. */
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, options?: AppErrorOptions) {
    super('RATE_LIMITED', message, true, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A temporary inability (a media engine restarting, a node draining). */
export class UnavailableError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('UNAVAILABLE', message, true, options);
  }
}

/** The media engine refused a request that the client can fix (e.g. an invalid SDP). */
export class MediaError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super('MEDIA', message, true, options);
  }
}

/**
 * The error as a user may see it: exposable errors keep their code and message, and the
 * machine-readable `details.reason` when they carry one.
 */
export function publicError(err: unknown): { code: ErrorCode; message: string; reason?: string } {
  if (err instanceof AppError && err.exposable) {
    const reason = err.details?.reason;
    return { code: err.code, message: err.message, ...(typeof reason === 'string' ? { reason } : {}) };
  }
  return { code: 'INTERNAL', message: 'Internal error' };
}

/** True for errors that are expected in normal operation and need no stack trace in logs. */
export function isExpected(err: unknown): err is AppError {
  return err instanceof AppError && err.exposable;
}

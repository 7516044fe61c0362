/** Writing uWebSockets.js HTTP responses safely, and the one mapping from errors to HTTP statuses. */
import type { HttpResponse } from 'uWebSockets.js';
import { AppError, RateLimitedError, publicError, type ErrorCode } from '../../platform/index.js';

/** Headers every response carries: no sniffing, no referrer (links carry tokens), same-origin media. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
};

/**
 * A response that may be answered later (after an await): uWS forbids touching a response after
 * the client aborted it, and wants writes done outside the handler's stack to be corked.
 */
export class Reply {
  readonly #res: HttpResponse;
  #done = false;

  constructor(res: HttpResponse) {
    this.#res = res;
    res.onAborted(() => {
      this.#done = true;
    });
  }

  get done(): boolean {
    return this.#done;
  }

  send(status: number, headers: Record<string, string>, body: string | Uint8Array = ''): void {
    if (this.#done) return;
    this.#done = true;
    this.#res.cork(() => {
      this.#res.writeStatus(statusLine(status));
      for (const [k, v] of Object.entries({ ...SECURITY_HEADERS, ...headers })) this.#res.writeHeader(k, v);
      this.#res.end(body);
    });
  }

  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    this.send(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, JSON.stringify(value));
  }
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 423: 'Locked', 426: 'Upgrade Required', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function statusLine(status: number): string {
  return `${status} ${REASONS[status] ?? 'Status'}`;
}

const STATUS_OF: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_VERSION: 426,
  NOT_JOINED: 409,
  LESSON_ENDED: 409,
  LESSON_LOCKED: 423,
  MEDIA: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** The HTTP form of any error: status, headers and a JSON body with a user-safe message. */
export function httpError(err: unknown): { status: number; headers: Record<string, string>; body: { error: { code: ErrorCode; message: string; details?: unknown } } } {
  const pub = publicError(err);
  const headers: Record<string, string> = {};
  if (err instanceof RateLimitedError) headers['retry-after'] = String(Math.ceil(err.retryAfterSeconds));
  const details = err instanceof AppError && err.exposable ? err.details : undefined;
  return { status: STATUS_OF[pub.code], headers, body: { error: { ...pub, ...(details ? { details } : {}) } } };
}

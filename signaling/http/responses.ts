/** Writing uWebSockets.js HTTP responses safely, and the one mapping from errors to HTTP statuses. */
import type { Readable } from 'node:stream';
import type { HttpResponse } from 'uWebSockets.js';
import { AppError, RateLimitedError, publicError, type ErrorCode } from '../../platform/index.js';
import { pumpBody } from './pumpBody.js';

/** Headers every response carries: no sniffing, no referrer (links carry tokens), same-origin media. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
};

/**
 * The headers of every answer of a server: SECURITY_HEADERS, and HSTS when it terminates TLS
 * itself (a year; not includeSubDomains, which would bind other services of the school's domain).
 * Behind a TLS proxy the proxy sets HSTS: over plain HTTP browsers ignore it anyway.
 */
export function securityHeaders(tls: boolean): Readonly<Record<string, string>> {
  return tls ? { ...SECURITY_HEADERS, 'strict-transport-security': 'max-age=31536000' } : SECURITY_HEADERS;
}

export interface ReplyOptions {
  /** True for a HEAD request: the same status and headers as GET, Content-Length of the body, no body. */
  head?: boolean;
  /** Default SECURITY_HEADERS. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * A response that may be answered later (after an await): uWS forbids touching a response after
 * the client aborted it, and wants writes done outside the handler's stack to be corked.
 */
export class Reply {
  readonly #res: HttpResponse;
  readonly #head: boolean;
  readonly #headers: Readonly<Record<string, string>>;
  #done = false;
  #aborted = false;
  readonly #abortListeners: Array<() => void> = [];

  constructor(res: HttpResponse, options: ReplyOptions = {}) {
    this.#res = res;
    this.#head = options.head ?? false;
    this.#headers = options.headers ?? SECURITY_HEADERS;
    res.onAborted(() => {
      this.#done = true;
      this.#aborted = true;
      for (const listener of this.#abortListeners.splice(0)) listener();
    });
  }

  get done(): boolean {
    return this.#done;
  }

  /** True once the client went away (uWS forbids touching the response after that). */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Runs `listener` when the client goes away (at once if it already has). */
  onAbort(listener: () => void): void {
    if (this.#aborted) listener();
    else this.#abortListeners.push(listener);
  }

  /**
   * Streams `body` with backpressure (conventions §19): with `size`, as Content-Length through
   * tryEnd/onWritable; without, chunked. `body` null: headers only (HEAD, with Content-Length).
   * The body is destroyed when the client goes away; a body that fails midway cuts the connection
   * (a truncated download must not look complete).
   */
  stream(status: number, headers: Record<string, string>, body: Readable | null, size: number | undefined): void {
    if (this.#done) {
      body?.destroy();
      return;
    }
    this.#done = true;
    const allHeaders = { ...this.#headers, ...headers };
    // A HEAD request answered by a route that streamed anyway: the headers, never the body.
    const sent = this.#head ? null : body;
    if (this.#head) body?.destroy();
    if (sent) this.onAbort(() => sent.destroy());
    pumpBody(this.#res, { status: statusLine(status), headers: allHeaders, body: sent, size, aborted: () => this.#aborted });
  }

  send(status: number, headers: Record<string, string>, body: string | Uint8Array = ''): void {
    if (this.#done) return;
    this.#done = true;
    this.#res.cork(() => {
      this.#res.writeStatus(statusLine(status));
      for (const [k, v] of Object.entries({ ...this.#headers, ...headers })) this.#res.writeHeader(k, v);
      if (!this.#head) return this.#res.end(body);
      // endWithoutBody(length) of this uWS build closes the connection: write the length ourselves.
      this.#res.writeHeader('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
      this.#res.endWithoutBody();
    });
  }

  json(status: number, value: unknown, headers: Record<string, string> = {}): void {
    this.send(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, JSON.stringify(value));
  }
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 206: 'Partial Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 423: 'Locked', 426: 'Upgrade Required', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
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

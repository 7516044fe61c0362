import { ApiShapeError } from './apiParse.js';

/**
 * The HTTP API client (docs/http-api.md): same origin, the session is the HttpOnly cookie the
 * browser sends by itself, bodies are JSON (the roster upload is the CSV file itself). Every
 * failure becomes an `ApiError` with the server's error code; a 401 or a 403 "change your
 * password first" is also reported to the owner, which sends the user to the right page.
 */

/** The part of a fetch Response the client reads; the browser's Response fits it. */
export interface HttpResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<HttpResponseLike>;

/** The API's error codes, plus the client's own: no answer at all, or an answer it cannot read. */
export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'LESSON_ENDED'
  | 'LESSON_LOCKED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK'
  | 'BAD_RESPONSE';

const KNOWN_CODES: ReadonlySet<string> = new Set<ApiErrorCode>([
  'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE', 'RATE_LIMITED',
  'LESSON_ENDED', 'LESSON_LOCKED', 'UNAVAILABLE', 'INTERNAL', 'NETWORK', 'BAD_RESPONSE',
]);

/** Codes by status, for an error body that is missing or carries a code this build does not know. */
const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
  413: 'TOO_LARGE', 423: 'LESSON_LOCKED', 429: 'RATE_LIMITED', 503: 'UNAVAILABLE',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** 0 when no answer came. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** `error.details` of the answer (field issues, roster issues, a reason). */
    readonly details: Readonly<Record<string, unknown>> = {},
    /** From `Retry-After` on a 429. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** `details.reason`, e.g. "password_change_required" or a password rule ("TOO_SHORT"). */
  get reason(): string | null {
    const r = this.details['reason'];
    return typeof r === 'string' ? r : null;
  }

  get passwordChangeRequired(): boolean {
    return this.status === 403 && this.reason === 'password_change_required';
  }
}

export interface ApiClientOptions {
  /** Default: the browser's fetch, same origin, cookies included. */
  fetch?: FetchLike;
  /** A request was refused for want of a session (not for a wrong password on the login form). */
  onUnauthenticated?: () => void;
  /** The first-login password change is pending. */
  onPasswordChangeRequired?: () => void;
}

export interface RequestOptions {
  /**
   * A 401 is this request's own answer (login, password change, "am I signed in?"): do not
   * report it as a lost session.
   */
  expect401?: boolean;
}

export const browserFetch: FetchLike = (url, init) => fetch(url, init);

export class ApiClient {
  readonly #fetch: FetchLike;
  readonly #onUnauthenticated: () => void;
  readonly #onPasswordChange: () => void;

  constructor(options: ApiClientOptions = {}) {
    this.#fetch = options.fetch ?? browserFetch;
    this.#onUnauthenticated = options.onUnauthenticated ?? (() => undefined);
    this.#onPasswordChange = options.onPasswordChangeRequired ?? (() => undefined);
  }

  get<T>(path: string, parse: (value: unknown) => T, options: RequestOptions = {}): Promise<T> {
    return this.#send('GET', path, undefined, parse, options);
  }

  /** POST with a JSON body (or none). */
  post<T>(path: string, body: unknown, parse: (value: unknown) => T, options: RequestOptions = {}): Promise<T> {
    const init = body === undefined ? undefined : { body: JSON.stringify(body), contentType: 'application/json' };
    return this.#send('POST', path, init, parse, options);
  }

  /** POST of a file's bytes as they are (the server checks the encoding itself). */
  postFile<T>(path: string, bytes: ArrayBuffer, contentType: string, parse: (value: unknown) => T): Promise<T> {
    return this.#send('POST', path, { body: bytes, contentType }, parse, {});
  }

  /** PUT with a JSON body. */
  put<T>(path: string, body: unknown, parse: (value: unknown) => T): Promise<T> {
    return this.#send('PUT', path, { body: JSON.stringify(body), contentType: 'application/json' }, parse, {});
  }

  /** DELETE; the answer (usually 204) is parsed as `{}`. */
  del<T>(path: string, parse: (value: unknown) => T): Promise<T> {
    return this.#send('DELETE', path, undefined, parse, {});
  }

  async #send<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: { body: BodyInit; contentType: string } | undefined,
    parse: (value: unknown) => T,
    options: RequestOptions,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = body.contentType;
    let response: HttpResponseLike;
    try {
      response = await this.#fetch(path, { method, headers, credentials: 'same-origin', ...(body ? { body: body.body } : {}) });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return this.#parse(response.status, text, parse);
    const error = errorOf(response, text);
    if (error.status === 401 && !options.expect401) this.#onUnauthenticated();
    if (error.passwordChangeRequired) this.#onPasswordChange();
    throw error;
  }

  #parse<T>(status: number, text: string, parse: (value: unknown) => T): T {
    try {
      return parse(status === 204 || text === '' ? {} : JSON.parse(text));
    } catch (error) {
      const why = error instanceof ApiShapeError || error instanceof SyntaxError ? error.message : String(error);
      throw new ApiError(status, 'BAD_RESPONSE', `unreadable answer: ${why}`);
    }
  }
}

function errorOf(response: HttpResponseLike, text: string): ApiError {
  const retry = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  let code: ApiErrorCode = CODE_OF_STATUS[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  let message = `HTTP ${response.status}`;
  let details: Record<string, unknown> = {};
  try {
    const body: unknown = JSON.parse(text);
    const e = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof e === 'object' && e !== null) {
      const { code: c, message: m, details: d } = e as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof c === 'string' && KNOWN_CODES.has(c)) code = c as ApiErrorCode;
      if (typeof m === 'string') message = m;
      if (typeof d === 'object' && d !== null && !Array.isArray(d)) details = d as Record<string, unknown>;
    }
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  return new ApiError(response.status, code, message, details, retryAfter);
}

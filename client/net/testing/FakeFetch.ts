import type { FetchLike, HttpResponseLike } from '../http.js';

/** One answer of the fake server: a status, an optional JSON body (or raw text), headers. */
export interface FakeAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** What the client sent. */
export interface FakeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
}

class FakeResponse implements HttpResponseLike {
  readonly headers: { get(name: string): string | null };
  constructor(
    readonly status: number,
    private readonly body: string,
    headers: Record<string, string>,
  ) {
    const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.headers = { get: (name) => lower.get(name.toLowerCase()) ?? null };
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
}

/**
 * A typed fetch for tests: answers by "METHOD path" (the path without the query, or with it
 * when a route is given with one), records every request, and fails loudly on an unknown one.
 */
export class FakeFetch {
  readonly requests: FakeRequest[] = [];
  readonly #routes = new Map<string, FakeAnswer | ((req: FakeRequest) => FakeAnswer)>();
  /** Make every request fail as if the network were down. */
  offline = false;

  on(route: string, answer: FakeAnswer | ((req: FakeRequest) => FakeAnswer)): this {
    this.#routes.set(route, answer);
    return this;
  }

  readonly fetch: FetchLike = (url, init) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init.body === 'string' || init.body instanceof ArrayBuffer ? init.body : null;
    const req: FakeRequest = { url, method: init.method ?? 'GET', headers, body };
    this.requests.push(req);
    if (this.offline) return Promise.reject(new TypeError('Failed to fetch'));
    const route = this.#routes.get(`${req.method} ${url}`) ?? this.#routes.get(`${req.method} ${url.split('?')[0] ?? url}`);
    if (!route) return Promise.reject(new Error(`FakeFetch: no route for ${req.method} ${url}`));
    const answer = typeof route === 'function' ? route(req) : route;
    const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    return Promise.resolve(new FakeResponse(answer.status, text, answer.headers ?? {}));
  };

  /** The JSON body of the last request to a path. */
  lastBody(path: string): unknown {
    const req = [...this.requests].reverse().find((r) => r.url.split('?')[0] === path);
    return typeof req?.body === 'string' ? JSON.parse(req.body) : null;
  }
}

/** A user as GET /api/me answers it. */
export function userJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'usr_1',
    role: 'student',
    displayName: 'Nguyễn Văn An',
    code: '079200000001',
    username: null,
    schoolId: 'sch_1',
    schoolName: 'Trường THCS Demo',
    className: '8A',
    ...overrides,
  };
}

export function apiError(code: string, message = code, details?: Record<string, unknown>): { error: Record<string, unknown> } {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

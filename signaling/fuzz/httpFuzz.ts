/**
 * The HTTP API fuzzer (issue 13): generated requests (methods, paths with hostile parameters,
 * query strings, headers, cookies of each role, JSON and non-JSON bodies, bodies at and over the
 * limit) and the oracle: every request is answered, with a documented status (docs/http-api.md:
 * never 500), and an error answer has the documented JSON shape.
 */
import { request, Agent } from 'node:http';
import fc from 'fast-check';
import { FUZZ_OTHER_PATHS } from './httpRoutes.js';

export interface HttpFuzzTarget {
  baseUrl: string;
  routes: readonly { method: string; path: string }[];
  /** Real ids to put in route parameters (lessons, users). */
  ids: readonly string[];
  /** Session cookies ("lophoc_session=..."), one per role. */
  cookies: readonly string[];
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export const DOCUMENTED_STATUSES: ReadonlySet<number> = new Set([200, 201, 204, 304, 400, 401, 403, 404, 409, 413, 423, 426, 429, 503]);
const ERROR_CODES = new Set(['BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE', 'RATE_LIMITED', 'UNSUPPORTED_VERSION', 'NOT_JOINED', 'LESSON_ENDED', 'LESSON_LOCKED', 'MEDIA', 'UNAVAILABLE']);

const hostile = fc.constantFrom('', '..', '%2e%2e', '%00', '%ff%fe', '%', '%E0%A4%A', "'; DROP TABLE users; --", '<svg onload=alert(1)>', '=cmd|calc', 'ệ'.repeat(300), 'a'.repeat(3000), '\u202E', 'null', 'undefined', '-1', '1e309', 'NaN');
const word = fc.oneof(fc.string({ maxLength: 30 }), hostile);
/** Header values Node's client will send: what is not printable ASCII is written as %xx. */
const headerWord = word.map((w) => w.replace(/[^\x20-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16)}`));
const queryKeys = fc.constantFrom('kind', 'role', 'days', 'log', 'userId', 'limit', 'since', 'until', 'x', '__proto__', 'constructor');

function pathFor(template: string, params: readonly string[]): string {
  let i = 0;
  return template.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[i++ % params.length] ?? ''));
}

/** JSON bodies shaped like the API's, with hostile values; and non-JSON ones. */
const jsonValue = fc.oneof(word, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(word, { maxLength: 5 }), fc.constantFrom({}, [], { __proto__: { admin: true } }));
const bodyKeys = fc.constantFrom('login', 'password', 'currentPassword', 'newPassword', 'classId', 'subjectId', 'date', 'start', 'end', 'title', 'durationMinutes', 'name', 'level', 'gradeId', 'username', 'displayName', 'childCodes', 'confirmCode', 'extra');
const body = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(bodyKeys, jsonValue, { maxKeys: 6 }).map((o) => Buffer.from(JSON.stringify(o))) },
  { weight: 2, arbitrary: fc.json().map((j) => Buffer.from(j)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constantFrom('Mã định danh,Họ và tên,Lớp\n001299999999,Lê Văn Thử,9F1\n', '{"login":', '{"a":'.repeat(5000)).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.integer({ min: 60 * 1024, max: 70 * 1024 }).map((n) => Buffer.alloc(n, 0x7b)) },
);

export function requestArb(target: HttpFuzzTarget): fc.Arbitrary<FuzzRequest> {
  const route = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...target.routes).map((r) => ({ method: r.method === 'del' ? 'DELETE' : r.method.toUpperCase(), path: r.path })) },
    { weight: 1, arbitrary: fc.constantFrom(...FUZZ_OTHER_PATHS).map((path) => ({ method: 'GET', path })) },
  );
  const method = (m: string) => fc.oneof({ weight: 6, arbitrary: fc.constant(m) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND') });
  const params = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...target.ids, 'x') }, { weight: 1, arbitrary: word }), { minLength: 1, maxLength: 2 });
  const query = fc.array(fc.tuple(fc.oneof(queryKeys, word), word), { maxLength: 4 }).map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));
  const headers = fc.record(
    {
      'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/csv', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''),
      cookie: fc.oneof(fc.constantFrom(...target.cookies, 'lophoc_session=garbage', 'lophoc_session=', 'a=b; lophoc_session=x; lophoc_session=y'), headerWord.map((w) => `lophoc_session=${w}`)),
      origin: fc.constantFrom(new URL(target.baseUrl).origin, 'https://evil.example', 'null', 'http://[::1', ''),
      'accept-encoding': fc.constantFrom('gzip', 'br', ''),
      'if-none-match': headerWord,
      authorization: headerWord.map((w) => `Bearer ${w}`),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage'),
    },
    { requiredKeys: [] },
  );
  return fc
    .tuple(route, params, query, headers, fc.option(body, { freq: 4 }))
    .chain(([r, p, q, h, b]) => method(r.method).map((m) => ({ method: m, path: pathFor(r.path, p) + q, headers: Object.fromEntries(Object.entries(h).filter(([, v]) => v !== '')), body: b ?? undefined })));
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Sends one request; resolves with the answer, or with status 0 when none came within
 * `timeoutMs`. A kept-alive socket the server had closed meanwhile is retried once on a new one
 * (what Node's documentation prescribes; not a failure of the server).
 */
export function send(baseUrl: string, r: FuzzRequest, timeoutMs: number, retry = true): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    // Node sends a GET's body without Content-Length (unframed: the server would read it as the
    // next request); a body always goes with its length here.
    const headers = r.body ? { ...r.headers, 'content-length': String(r.body.length) } : r.headers;
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, timeout: timeoutMs }, (res) => {
      // An event stream (GET /api/qa/events) stays open by design: its status and type are the answer.
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        res.destroy();
        return resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.alloc(0) });
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', () => resolve({ status: 0, contentType: '', body: Buffer.alloc(0) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (err.code === 'ECONNRESET' || err.message === 'socket hang up')) resolve(send(baseUrl, r, timeoutMs, false));
      else resolve({ status: 0, contentType: '', body: Buffer.alloc(0) });
    });
    req.end(r.body);
  });
}

/**
 * The methods uWebSockets.js routes; a request with any other (PROPFIND, a lower-case "get")
 * matches no route at all and the connection is closed at once, unanswered (docs/http-api.md).
 */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Undefined when the answer is documented; else what is wrong with it. */
export function httpViolation(r: FuzzRequest, a: HttpAnswer): string | undefined {
  const what = `${r.method} ${r.path.slice(0, 120)}`;
  if (!HTTP_METHODS.has(r.method)) return a.status === 0 ? undefined : `${what}: an unknown method was answered ${a.status}`;
  if (a.status === 0) return `${what}: no answer`;
  if (a.status >= 500 && a.status !== 503) return `${what}: ${a.status} ${a.body.toString('utf8').slice(0, 200)}`;
  if (!DOCUMENTED_STATUSES.has(a.status)) return `${what}: undocumented status ${a.status}`;
  if (a.status < 400 || r.method === 'HEAD' || !a.contentType.startsWith('application/json')) return undefined;
  try {
    const error = (JSON.parse(a.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } }).error;
    if (!error || !ERROR_CODES.has(String(error.code)) || typeof error.message !== 'string') return `${what}: error body ${a.body.toString('utf8').slice(0, 200)}`;
  } catch {
    return `${what}: ${a.status} with a body that is not JSON`;
  }
  return undefined;
}

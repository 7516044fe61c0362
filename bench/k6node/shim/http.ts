/**
 * Node stand-in for `k6/http`: request/get/post/put/patch/del/head/options are synchronous like in
 * k6 (the VU thread blocks while the main thread does the request), asyncRequest returns a
 * Promise. Bodies: string, ArrayBuffer, or an object (sent as a form). Params: headers, tags
 * (ignored), timeout, responseType ("text", "binary", "none"). Records http_reqs,
 * http_req_duration, http_req_waiting, http_req_receiving and http_req_failed (status >= 400 or
 * a network error, k6's default expected statuses). No cookies jar, no batch, no redirects options.
 */
import { performRequest, type HttpRequest, type HttpResult } from './httpCore.js';
import { callMainSync, runtime } from './runtime.js';

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
}

type Body = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;

function timeoutMs(t: string | number | undefined): number {
  if (t === undefined) return 60_000;
  if (typeof t === 'number') return t;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(t.trim());
  if (!m) throw new Error(`invalid timeout ${t}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

function toRequest(method: string, url: string, body: Body, params: Params | undefined): HttpRequest {
  const headers = { ...(params?.headers ?? {}) };
  let b: string | ArrayBuffer | null = null;
  if (typeof body === 'string') b = body;
  else if (body instanceof ArrayBuffer) b = body;
  else if (body && ArrayBuffer.isView(body)) b = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  else if (body && typeof body === 'object') {
    b = new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString();
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  return { method: method.toUpperCase(), url, body: b, headers, timeoutMs: timeoutMs(params?.timeout), responseType: params?.responseType ?? 'text' };
}

export class Response {
  readonly url: string;
  readonly status: number;
  readonly status_text: string;
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly error: string;
  readonly error_code: number;
  readonly timings: HttpResult['timings'];
  readonly request: { method: string; url: string; body: string; headers: Record<string, string[]> };

  constructor(req: HttpRequest, r: HttpResult) {
    this.url = r.url;
    this.status = r.status;
    this.status_text = r.statusText;
    this.headers = r.headers;
    this.body = r.body;
    this.error = r.error;
    this.error_code = r.errorCode;
    this.timings = r.timings;
    this.request = { method: req.method, url: req.url, body: typeof req.body === 'string' ? req.body : '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v]])) };
  }

  json(selector?: string): unknown {
    if (typeof this.body !== 'string') throw new Error('the response body is not text');
    const value = JSON.parse(this.body) as unknown;
    if (!selector) return value;
    return selector.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
  }
}

function record(req: HttpRequest, r: HttpResult): Response {
  const s = runtime.store;
  s.add('http_reqs', 'counter', 1);
  s.add('http_req_duration', 'trend', r.timings.duration);
  s.add('http_req_waiting', 'trend', r.timings.waiting);
  s.add('http_req_receiving', 'trend', r.timings.receiving);
  s.add('http_req_failed', 'rate', r.status === 0 || r.status >= 400);
  return new Response(req, r);
}

export function request(method: string, url: string, body?: Body, params?: Params): Response {
  const req = toRequest(method, url, body, params);
  const r = callMainSync<HttpResult>({ type: 'http', req }, req.timeoutMs + 10_000);
  return record(req, r);
}

export async function asyncRequest(method: string, url: string, body?: Body, params?: Params): Promise<Response> {
  const req = toRequest(method, url, body, params);
  return record(req, await performRequest(req));
}

export const get = (url: string, params?: Params) => request('GET', url, null, params);
export const head = (url: string, params?: Params) => request('HEAD', url, null, params);
export const post = (url: string, body?: Body, params?: Params) => request('POST', url, body, params);
export const put = (url: string, body?: Body, params?: Params) => request('PUT', url, body, params);
export const patch = (url: string, body?: Body, params?: Params) => request('PATCH', url, body, params);
export const del = (url: string, body?: Body, params?: Params) => request('DELETE', url, body, params);
export const options = (url: string, body?: Body, params?: Params) => request('OPTIONS', url, body, params);

export default { request, asyncRequest, get, head, post, put, patch, del, options };

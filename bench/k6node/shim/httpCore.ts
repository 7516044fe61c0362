/**
 * One HTTP request with fetch, and what k6 reports about it. Used by the main thread (for the
 * synchronous k6/http calls of the VUs) and by the VUs themselves (asyncRequest).
 */

export interface HttpRequest {
  method: string;
  url: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  timeoutMs: number;
  responseType: 'text' | 'binary' | 'none';
}

export interface HttpResult {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
  error: string;
  errorCode: number;
  timings: { blocked: number; connecting: number; tls_handshaking: number; sending: number; waiting: number; receiving: number; duration: number };
}

export async function performRequest(req: HttpRequest): Promise<HttpResult> {
  const t0 = performance.now();
  const timings = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === null || req.method === 'GET' || req.method === 'HEAD' ? null : req.body,
      redirect: 'follow',
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const t1 = performance.now();
    let body: string | ArrayBuffer | null = null;
    if (req.responseType === 'text') body = await res.text();
    else if (req.responseType === 'binary') body = await res.arrayBuffer();
    else await res.arrayBuffer(); // read and discard
    const t2 = performance.now();
    timings.waiting = t1 - t0;
    timings.receiving = t2 - t1;
    timings.duration = t2 - t0;
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      // k6 canonicalises header names: Content-Type
      headers[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
    });
    return { url: res.url || req.url, status: res.status, statusText: res.statusText, headers, body, error: '', errorCode: 0, timings };
  } catch (err) {
    timings.duration = performance.now() - t0;
    const e = err as Error & { cause?: { code?: string } };
    const timedOut = e.name === 'TimeoutError';
    return {
      url: req.url,
      status: 0,
      statusText: '',
      headers: {},
      body: null,
      error: timedOut ? 'request timeout' : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`,
      errorCode: timedOut ? 1050 : 1000, // k6: 1050 request timeout, 1000 generic
      timings,
    };
  }
}

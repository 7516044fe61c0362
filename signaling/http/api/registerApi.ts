/**
 * Mounts API routes on the uWS app: reads headers synchronously (uWS invalidates the request
 * after the handler returns), enforces the body limit and the same-origin rule, then runs the
 * async handler and maps any error through the one HTTP error function.
 */
import { NotAuthorizedError, isExpected, type Logger } from '../../../platform/index.js';
import { readBody } from '../body.js';
import type { OriginPolicy } from '../origins.js';
import { httpError, type Reply } from '../responses.js';
import type { HttpHandler, HttpRouter } from '../router.js';
import type { ApiRequest, ApiResponse, ApiRoute, Method } from './ApiTypes.js';

const DEFAULT_MAX_BODY = 64 * 1024;

function paramNames(path: string): string[] {
  return path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
}

function send(reply: Reply, response: ApiResponse): void {
  if ('json' in response) return reply.json(response.status, response.json, response.headers);
  if ('stream' in response) {
    const { contentType, size, body } = response.stream;
    return reply.stream(response.status, { 'content-type': contentType, 'cache-control': 'no-store', ...response.headers }, body, size);
  }
  if (!('file' in response)) return reply.send(response.status, { 'cache-control': 'no-store', ...response.headers });
  const { contentType, body, filename } = response.file;
  const headers: Record<string, string> = { 'content-type': contentType, 'cache-control': 'no-store', ...response.headers };
  if (filename) headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
  reply.send(response.status, headers, body);
}

/**
 * State-changing requests from a browser must come from our own pages (`origins`): browsers send
 * Origin on cross-site requests, and SameSite cookies are the second line. Non-browser clients
 * (no Origin) still need a valid session. Every GET route answers HEAD too (HttpRouter); the
 * handler of a route with `head: true` sees method 'head' (to skip reading a file), the others
 * answer as for GET and the Reply drops the body.
 */
export function registerApiRoutes(router: HttpRouter, routes: ApiRoute[], logger: Logger, origins: OriginPolicy): void {
  for (const route of routes) {
    if (route.method === 'head') continue; // never registered on its own (ApiTypes.ts)
    router.route(route.method, route.path, routeHandler(route, logger, origins));
  }
}

function routeHandler(route: ApiRoute, logger: Logger, origins: OriginPolicy): HttpHandler {
  const names = paramNames(route.path);
  return (reply, req, res) => {
    const method: Method = route.head && req.getMethod() === 'head' ? 'head' : route.method;
    const request: ApiRequest = {
      method,
      path: req.getUrl(),
      params: Object.fromEntries(names.map((n, i) => [n, decodeParam(req.getParameter(i) ?? '')])),
      query: new URLSearchParams(req.getQuery() ?? ''),
      cookieHeader: req.getHeader('cookie'),
      contentType: req.getHeader('content-type'),
      userAgent: req.getHeader('user-agent').slice(0, 300),
      remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
      headers: { range: req.getHeader('range'), ifRange: req.getHeader('if-range'), ifNoneMatch: req.getHeader('if-none-match') },
      body: undefined,
    };
    const origin = req.getHeader('origin');
    const host = req.getHeader('host');
    const bodyPromise = method === 'get' || method === 'head' ? Promise.resolve(undefined) : readBody(res, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
    bodyPromise.catch(() => undefined); // awaited below; never an unhandled rejection
    (async () => {
      if (method !== 'get' && method !== 'head' && !origins.allows(origin, host)) throw new NotAuthorizedError('Cross-site request refused');
      request.body = await bodyPromise;
      return route.handle(request);
    })().then(
      (response) => send(reply, response),
      (err: unknown) => {
        if (!isExpected(err)) logger.error({ err, path: route.path, method: route.method }, 'API request failed');
        const e = httpError(err);
        // Under HEAD the Reply sends the headers and the length, never the body.
        reply.json(e.status, e.body, e.headers);
      },
    );
  };
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Mounts API routes on the uWS app: reads headers synchronously (uWS invalidates the request
 * after the handler returns), enforces the body limit and the same-origin rule, then runs the
 * async handler and maps any error through the one HTTP error function.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { NotAuthorizedError, isExpected, type Logger } from '../../../platform/index.js';
import { readBody } from '../body.js';
import { Reply, httpError } from '../responses.js';
import type { ApiRequest, ApiResponse, ApiRoute } from './ApiTypes.js';

const DEFAULT_MAX_BODY = 64 * 1024;

/**
 * State-changing requests from a browser must come from our own pages: browsers send Origin on
 * cross-site requests, and SameSite cookies are the second line. Non-browser clients (no Origin)
 * still need a valid session.
 */
function sameOrigin(origin: string, host: string): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function paramNames(path: string): string[] {
  return path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
}

function send(reply: Reply, response: ApiResponse): void {
  if ('json' in response) return reply.json(response.status, response.json, response.headers);
  if (!('file' in response)) return reply.send(response.status, { 'cache-control': 'no-store', ...response.headers });
  const { contentType, body, filename } = response.file;
  const headers: Record<string, string> = { 'content-type': contentType, 'cache-control': 'no-store', ...response.headers };
  if (filename) headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
  reply.send(response.status, headers, body);
}

export function registerApiRoutes(app: TemplatedApp, routes: ApiRoute[], logger: Logger): void {
  for (const route of routes) {
    const names = paramNames(route.path);
    app[route.method](route.path, (res: HttpResponse, req: HttpRequest) => {
      const reply = new Reply(res);
      const request: ApiRequest = {
        method: route.method,
        path: req.getUrl(),
        params: Object.fromEntries(names.map((n, i) => [n, decodeParam(req.getParameter(i) ?? '')])),
        query: new URLSearchParams(req.getQuery() ?? ''),
        cookieHeader: req.getHeader('cookie'),
        contentType: req.getHeader('content-type'),
        userAgent: req.getHeader('user-agent').slice(0, 300),
        remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
        body: undefined,
      };
      const origin = req.getHeader('origin');
      const host = req.getHeader('host');
      const bodyPromise = route.method === 'get' ? Promise.resolve(undefined) : readBody(res, route.maxBodyBytes ?? DEFAULT_MAX_BODY);
      bodyPromise.catch(() => undefined); // awaited below; never an unhandled rejection
      (async () => {
        if (route.method !== 'get' && !sameOrigin(origin, host)) throw new NotAuthorizedError('Cross-site request refused');
        request.body = await bodyPromise;
        return route.handle(request);
      })().then(
        (response) => send(reply, response),
        (err: unknown) => {
          if (!isExpected(err)) logger.error({ err, path: route.path, method: route.method }, 'API request failed');
          const e = httpError(err);
          reply.json(e.status, e.body, e.headers);
        },
      );
    });
  }
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

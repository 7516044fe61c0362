/** Plain HTTP routes: the built client, health/readiness probes and Prometheus metrics. */
import type { TemplatedApp } from 'uWebSockets.js';
import type { Logger, Registry } from '../../platform/index.js';
import { Reply, httpError } from './responses.js';
import type { StaticFiles } from './staticFiles.js';

export interface Readiness {
  /** Empty when ready; otherwise why not (shown by /readyz). */
  notReadyReasons(): string[];
}

export interface HttpRouteDeps {
  files: StaticFiles;
  registry: Registry;
  readiness: Readiness;
  logger: Logger;
}

/** The browser app may only load its own scripts and talk to its own origin. */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function registerOpsRoutes(app: TemplatedApp, deps: HttpRouteDeps): void {
  app.get('/healthz', (res) => {
    new Reply(res).json(200, { status: 'ok' });
  });

  app.get('/readyz', (res) => {
    const reasons = deps.readiness.notReadyReasons();
    new Reply(res).json(reasons.length === 0 ? 200 : 503, reasons.length === 0 ? { status: 'ready' } : { status: 'not ready', reasons });
  });

  app.get('/metrics', (res) => {
    const reply = new Reply(res);
    deps.registry
      .metrics()
      .then((text) => reply.send(200, { 'content-type': deps.registry.contentType, 'cache-control': 'no-store' }, text))
      .catch((err: unknown) => {
        deps.logger.error({ err }, 'metrics collection failed');
        const e = httpError(err);
        reply.json(e.status, e.body);
      });
  });
}

/** Registered last: GET of anything else is the client (with SPA fallback), other methods 404. */
export function registerStaticRoutes(app: TemplatedApp, files: StaticFiles): void {
  app.get('/*', (res, req) => {
    let path: string;
    try {
      path = decodeURIComponent(req.getUrl());
    } catch {
      return new Reply(res).json(400, { error: { code: 'BAD_REQUEST', message: 'Malformed URL' } });
    }
    const ifNoneMatch = req.getHeader('if-none-match');
    const acceptsGzip = /\bgzip\b/.test(req.getHeader('accept-encoding'));
    const reply = new Reply(res);
    const file = path.includes('..') ? undefined : files.lookup(path);
    if (!file && files.size === 0) {
      // A server started before `npm run build:client` finished: say so instead of a bare 404.
      return reply.send(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'The web client is not built: run `npm run build:client` and restart the server.\n');
    }
    if (!file) return reply.json(404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
    const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': file.cacheControl, etag: file.etag, vary: 'accept-encoding' };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = PAGE_CSP;
    if (ifNoneMatch === file.etag) return reply.send(304, headers);
    if (acceptsGzip && file.gzip) return reply.send(200, { ...headers, 'content-encoding': 'gzip' }, file.gzip);
    reply.send(200, headers, file.body);
  });
  app.any('/*', (res) => {
    new Reply(res).json(404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  });
}

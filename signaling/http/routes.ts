/** Plain HTTP routes: the built client, health/readiness probes and Prometheus metrics. */
import { timingSafeEqual } from 'node:crypto';
import type { Logger, Registry } from '../../platform/index.js';
import { httpError, type Reply } from './responses.js';
import type { HttpRouter } from './router.js';
import { encodedBody, type StaticFiles } from './staticFiles.js';

export interface Readiness {
  /** Empty when ready; otherwise why not (shown by /readyz). */
  notReadyReasons(): string[];
}

/**
 * Who may read /metrics on a listener (issue 13.6: it was open to anyone who reached the port):
 * 'open' on the loopback metrics listener, a bearer token on the main port when one is
 * configured, else not served there at all (404, as if it did not exist).
 */
export type MetricsAccess = { kind: 'open' } | { kind: 'token'; token: string } | { kind: 'none' };

export interface OpsRouteDeps {
  registry: Registry;
  readiness: Readiness;
  logger: Logger;
  metrics: MetricsAccess;
}

/**
 * The browser app may only load its own scripts (and the page's own inline scripts, by hash) and
 * talk to its own origin.
 */
function pageCsp(inlineScripts: readonly string[]): string {
  return (
    `default-src 'self'; script-src 'self'${inlineScripts.map((h) => ` ${h}`).join('')}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ` +
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
  );
}

const NOT_FOUND = { error: { code: 'NOT_FOUND', message: 'Not found' } };

export function registerOpsRoutes(router: HttpRouter, deps: OpsRouteDeps): void {
  router.get('/healthz', (reply) => reply.json(200, { status: 'ok' }));

  router.get('/readyz', (reply) => {
    const reasons = deps.readiness.notReadyReasons();
    reply.json(reasons.length === 0 ? 200 : 503, reasons.length === 0 ? { status: 'ready' } : { status: 'not ready', reasons });
  });

  const access = deps.metrics;
  router.get('/metrics', (reply, req) => {
    // Not the client's page either (the static routes would answer any path with the app).
    if (access.kind === 'none') return reply.json(404, NOT_FOUND);
    if (access.kind === 'token' && !bearerMatches(req.getHeader('authorization'), access.token)) {
      return reply.json(401, { error: { code: 'UNAUTHENTICATED', message: 'A bearer token is needed' } }, { 'www-authenticate': 'Bearer' });
    }
    serveMetrics(reply, deps);
  });
}

function serveMetrics(reply: Reply, deps: OpsRouteDeps): void {
  deps.registry
    .metrics()
    .then((text) => reply.send(200, { 'content-type': deps.registry.contentType, 'cache-control': 'no-store' }, text))
    .catch((err: unknown) => {
      deps.logger.error({ err }, 'metrics collection failed');
      const e = httpError(err);
      reply.json(e.status, e.body);
    });
}

/** Constant-time comparison, so the answer time tells nothing about the token. */
function bearerMatches(header: string, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header)?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Registered last: GET of anything else is the client (with SPA fallback), other methods 404. */
export function registerStaticRoutes(router: HttpRouter, files: StaticFiles): void {
  router.get('/*', (reply, req) => {
    let path: string;
    try {
      path = decodeURIComponent(req.getUrl());
    } catch {
      return reply.json(400, { error: { code: 'BAD_REQUEST', message: 'Malformed URL' } });
    }
    const ifNoneMatch = req.getHeader('if-none-match');
    const acceptEncoding = req.getHeader('accept-encoding');
    const file = path.includes('..') ? undefined : files.lookup(path);
    if (!file && files.size === 0) {
      // A server started before `npm run build:client` finished: say so instead of a bare 404.
      return reply.send(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'The web client is not built: run `npm run build:client` and restart the server.\n');
    }
    if (!file) return reply.json(404, NOT_FOUND);
    const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': file.cacheControl, etag: file.etag, vary: 'accept-encoding' };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = pageCsp(file.inlineScripts);
    if (ifNoneMatch === file.etag) return reply.send(304, headers);
    const { body, encoding } = encodedBody(file, acceptEncoding);
    reply.send(200, encoding ? { ...headers, 'content-encoding': encoding } : headers, body);
  });
  registerNotFound(router);
}

/** Anything not routed: 404. */
export function registerNotFound(router: HttpRouter): void {
  router.any('/*', (reply) => reply.json(404, NOT_FOUND));
}

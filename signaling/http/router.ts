/**
 * Route registration over the uWS app, so that every route answers the same way: each handler
 * gets a Reply with the server's headers (HSTS under TLS), and every GET route answers HEAD too
 * (issue 13.6: HEAD got 404), with the same status and headers and no body.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { Reply } from './responses.js';

export type HttpHandler = (reply: Reply, req: HttpRequest, res: HttpResponse) => void;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'del';

export class HttpRouter {
  readonly #app: TemplatedApp;
  readonly #headers: Readonly<Record<string, string>>;

  /** `headers`: sent with every answer (see securityHeaders). */
  constructor(app: TemplatedApp, headers: Readonly<Record<string, string>>) {
    this.#app = app;
    this.#headers = headers;
  }

  /** GET, and HEAD through the same handler. */
  get(pattern: string, handler: HttpHandler): void {
    this.#app.get(pattern, (res, req) => handler(new Reply(res, { headers: this.#headers }), req, res));
    this.#app.head(pattern, (res, req) => handler(new Reply(res, { headers: this.#headers, head: true }), req, res));
  }

  route(method: HttpMethod, pattern: string, handler: HttpHandler): void {
    if (method === 'get') return this.get(pattern, handler);
    this.#app[method](pattern, (res, req) => handler(new Reply(res, { headers: this.#headers }), req, res));
  }

  /** Every other method (registered last: a fallback). */
  any(pattern: string, handler: HttpHandler): void {
    this.#app.any(pattern, (res, req) => handler(new Reply(res, { headers: this.#headers, head: req.getMethod() === 'head' }), req, res));
  }
}

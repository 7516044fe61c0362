/**
 * Route registration over the uWS app, so that every route answers the same way: each handler
 * gets a Reply with the server's headers (HSTS under TLS), and every GET route answers HEAD too
 * (issue 13.6: HEAD got 404), with the same status and headers and no body.
 *
 * A request with a body to a route that reads none (GET, HEAD, the 404 fallback) is refused
 * with 400 once its body has arrived: answering while the client still sends, then closing
 * (`Connection: close`), makes the kernel reset the connection, and the client loses the answer
 * (found by the HTTP fuzzer). A body larger than 64 KiB is not waited for (413).
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { readBody } from './body.js';
import { Reply } from './responses.js';

export type HttpHandler = (reply: Reply, req: HttpRequest, res: HttpResponse) => void;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'del';

const MAX_UNWANTED_BODY = 64 * 1024;

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
    this.#app.get(pattern, (res, req) => this.#bodyless(new Reply(res, { headers: this.#headers }), req, res, handler));
    this.#app.head(pattern, (res, req) => this.#bodyless(new Reply(res, { headers: this.#headers, head: true }), req, res, handler));
  }

  /** A route; handlers of methods other than GET read the body themselves (body.ts). */
  route(method: HttpMethod, pattern: string, handler: HttpHandler): void {
    if (method === 'get') return this.get(pattern, handler);
    this.#app[method](pattern, (res, req) => handler(new Reply(res, { headers: this.#headers }), req, res));
  }

  /** Every other method (registered last: a fallback that reads no body). */
  any(pattern: string, handler: HttpHandler): void {
    this.#app.any(pattern, (res, req) => this.#bodyless(new Reply(res, { headers: this.#headers, head: req.getMethod() === 'head' }), req, res, handler));
  }

  #bodyless(reply: Reply, req: HttpRequest, res: HttpResponse, handler: HttpHandler): void {
    const length = req.getHeader('content-length');
    if ((length === '' || length === '0') && req.getHeader('transfer-encoding') === '') return handler(reply, req, res);
    readBody(res, MAX_UNWANTED_BODY).then(
      () => reply.json(400, { error: { code: 'BAD_REQUEST', message: 'This request must not have a body' } }),
      () => reply.json(413, { error: { code: 'TOO_LARGE', message: 'This request must not have a body' } }, { connection: 'close' }),
    );
  }
}

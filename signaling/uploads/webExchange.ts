/**
 * One uWebSockets.js request as a web-standard `Request` (streamed body, with backpressure),
 * and a web `Response` written back. @tus/server 2 handles web requests (`handleWeb`), so tus
 * runs inside the uWS server on the same port and path as the rest of the API: no second HTTP
 * server, no proxy hop, and the body is never buffered (the API's readBody is not used).
 *
 * Backpressure: chunks from uWS are queued in the stream; when its queue is full the socket is
 * paused (res.pause) and resumed when the consumer (tus → file) pulls again. Memory per upload
 * stays at a few chunks whatever the file size.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { Reply } from '../http/responses.js';

/** Chunks queued before the socket is paused (uWS delivers up to ~512 KiB per chunk). */
const QUEUED_CHUNKS = 4;

export interface Exchange {
  request: Request;
  reply: Reply;
}

/**
 * Builds the Request. Must run synchronously inside the uWS handler (headers and body listeners
 * are only available there). `origin` is the base URL the request is resolved against.
 */
export function webExchange(res: HttpResponse, req: HttpRequest, origin: string): Exchange {
  const reply = new Reply(res);
  const method = req.getCaseSensitiveMethod().toUpperCase();
  const headers = new Headers();
  req.forEach((k, v) => headers.append(k, v));
  const query = req.getQuery();
  const url = `${origin}${req.getUrl()}${query ? `?${query}` : ''}`;
  const aborter = new AbortController();
  const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
  const body = hasBody ? bodyStream(res, reply) : null;
  reply.onAbort(() => aborter.abort(new Error('client went away')));
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: aborter.signal };
  if (body) {
    init.body = body;
    init.duplex = 'half';
  }
  return { request: new Request(url, init), reply };
}

function bodyStream(res: HttpResponse, reply: Reply): ReadableStream<Uint8Array> {
  let paused = false;
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        reply.onAbort(() => {
          if (finished) return;
          finished = true;
          controller.error(new Error('client went away'));
        });
        res.onData((ab, isLast) => {
          if (finished) return;
          // uWS reuses the chunk's memory after this callback: copy it.
          if (ab.byteLength > 0) controller.enqueue(new Uint8Array(ab.slice(0)));
          if (isLast) {
            finished = true;
            controller.close();
            return;
          }
          if ((controller.desiredSize ?? 1) <= 0 && !paused && !reply.aborted) {
            paused = true;
            res.pause();
          }
        });
      },
      pull() {
        if (paused && !reply.aborted && !reply.done) {
          paused = false;
          res.resume();
        }
      },
      cancel() {
        finished = true;
      },
    },
    { highWaterMark: QUEUED_CHUNKS },
  );
}

/** Headers that uWS writes itself (from the body it is given) or that must not be forwarded. */
const OWN_HEADERS = new Set(['content-length', 'connection', 'transfer-encoding', 'date']);

/** Writes a (small, tus-sized) Response through the Reply. */
export async function sendWebResponse(reply: Reply, response: Response, method: string): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    if (!OWN_HEADERS.has(k.toLowerCase())) headers[k] = v;
  });
  const body = method === 'HEAD' || response.status === 204 ? '' : new Uint8Array(await response.arrayBuffer());
  reply.send(response.status, headers, body);
}

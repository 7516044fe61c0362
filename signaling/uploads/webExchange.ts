/**
 * One uWebSockets.js request as a web-standard `Request` (streamed body, with backpressure),
 * and a web `Response` written back. @tus/server 2 handles web requests (`handleWeb`), so tus
 * runs inside the uWS server on the same port and path as the rest of the API: no second HTTP
 * server, no proxy hop, and the body is never buffered (the API's readBody is not used).
 *
 * Backpressure: the body is queued in the stream up to QUEUED_BYTES; beyond, the socket is
 * paused (res.pause) and resumed when the consumer (tus → file) pulls again.
 *
 * Memory per upload stays about a megabyte whatever the file size (issue 8, measured): uWS
 * hands over up to 512 KiB at a time, and each stage after this stream (Readable.fromWeb, tus's
 * PassThrough and StreamLimiter, the staging store, FileStore's Transform and WriteStream) keeps
 * at least one chunk whatever its highWaterMark (16 KiB). With whole uWS chunks that was 3-4 MB
 * of live buffers per upload in flight (30 uploads: +87 MB of ArrayBuffers, +90-120 MB RSS), so
 * each chunk is copied as PIECE_BYTES pieces: every stage then holds a piece, and only the
 * pieces of the last uWS chunk wait here (~1.2 MB in all, signaling/uploadMemory.int.test.ts).
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { Reply } from '../http/responses.js';

/** Bytes queued before the socket is paused (one uWS chunk may overshoot it: it cannot be refused). */
const QUEUED_BYTES = 64 * 1024;
/**
 * The size of the pieces a uWS chunk is copied into. Separate allocations, not views of one copy:
 * a view keeps its whole 512 KiB parent alive until its last piece is written. 64 KiB: as fast as
 * whole chunks in the measurement (the write stream batches pieces with writev).
 */
const PIECE_BYTES = 64 * 1024;

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
          // uWS reuses the chunk's memory after this callback: copy it, in pieces.
          for (let at = 0; at < ab.byteLength; at += PIECE_BYTES) controller.enqueue(new Uint8Array(ab.slice(at, Math.min(at + PIECE_BYTES, ab.byteLength))));
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
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
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

/**
 * Writing a streamed body to a uWebSockets.js response with backpressure. uWS does not queue
 * for us: `tryEnd` writes what the socket takes now and says how far it got; the rest is written
 * again from `onWritable` while the source stays paused. Memory per download is one chunk.
 */
import type { Readable } from 'node:stream';
import type { HttpResponse } from 'uWebSockets.js';

export interface PumpedBody {
  status: string;
  headers: Record<string, string>;
  /** Null: headers only (HEAD), with `size` as Content-Length. */
  body: Readable | null;
  /** Content-Length when known; undefined → chunked transfer encoding. */
  size: number | undefined;
  aborted(): boolean;
}

export function pumpBody(res: HttpResponse, p: PumpedBody): void {
  let headWritten = false;
  let finished = false;
  const writeHead = () => {
    if (headWritten) return;
    headWritten = true;
    res.writeStatus(p.status);
    for (const [k, v] of Object.entries(p.headers)) res.writeHeader(k, v);
  };
  if (!p.body || p.size === 0) {
    p.body?.destroy();
    res.cork(() => {
      writeHead();
      if (p.size === undefined) res.end();
      else res.endWithoutBody(p.size);
    });
    return;
  }
  const body = p.body;
  const size = p.size;
  const finish = () => {
    finished = true;
    body.destroy();
  };
  body.on('data', (data: Buffer | string) => {
    if (p.aborted() || finished) return;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    res.cork(() => {
      writeHead();
      if (size === undefined) {
        // Chunked: uWS buffers what it cannot send now; pause until it drained.
        if (!res.write(chunk)) {
          body.pause();
          res.onWritable(() => {
            body.resume();
            return true;
          });
        }
        return;
      }
      const start = res.getWriteOffset();
      const [ok, done] = res.tryEnd(chunk, size);
      if (done) return finish();
      if (ok) return;
      body.pause();
      res.onWritable((offset) => {
        if (p.aborted()) return true;
        const [ok2, done2] = res.tryEnd(chunk.subarray(offset - start), size);
        if (done2) finish();
        else if (ok2) body.resume();
        return ok2;
      });
    });
  });
  body.once('end', () => {
    if (p.aborted() || finished) return;
    finished = true;
    res.cork(() => {
      writeHead();
      // A known size not reached means the source lied: cut rather than hang or look complete.
      if (size === undefined) res.end();
      else res.close();
    });
  });
  body.once('error', () => {
    if (p.aborted() || finished) return;
    finished = true;
    if (!headWritten) {
      res.cork(() => {
        res.writeStatus('500 Internal Server Error');
        res.writeHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'Internal error' } }));
      });
    } else {
      res.close();
    }
  });
}

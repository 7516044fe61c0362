/** Reading a request body from uWebSockets.js with a hard size limit. */
import type { HttpResponse } from 'uWebSockets.js';
import { TooLargeError } from '../../platform/index.js';

/**
 * Collects the body. Must be called synchronously inside the route handler (uWS delivers data
 * only to a listener registered before the handler returns). A body over `maxBytes` is not kept;
 * the rejection (TooLargeError) comes once the rest has arrived, up to `drainBytes` (default the
 * larger of 1 MiB and 4 × `maxBytes`): answering while the client still sends, then closing,
 * makes the kernel reset the connection and the client loses the 413 (found by the HTTP fuzzer).
 * Beyond `drainBytes` the rejection is immediate.
 */
export function readBody(res: HttpResponse, maxBytes: number, drainBytes = Math.max(1 << 20, 4 * maxBytes)): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let settled = false;
    res.onData((chunk, isLast) => {
      if (settled) return;
      size += chunk.byteLength;
      if (size > maxBytes && !tooLarge) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (tooLarge) {
        if (!isLast && size <= drainBytes) return;
        settled = true;
        reject(new TooLargeError(`Request body larger than ${maxBytes} bytes`));
        return;
      }
      // uWS reuses `chunk` after this callback: copy it.
      chunks.push(Buffer.from(new Uint8Array(chunk).slice()));
      if (isLast) {
        settled = true;
        resolve(Buffer.concat(chunks));
      }
    });
  });
}

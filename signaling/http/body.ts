/** Reading a request body from uWebSockets.js with a hard size limit. */
import type { HttpResponse } from 'uWebSockets.js';
import { TooLargeError } from '../../platform/index.js';

/**
 * Collects the body. Must be called synchronously inside the route handler (uWS delivers data
 * only to a listener registered before the handler returns). Rejects with TooLargeError as soon
 * as more than `maxBytes` arrived, without buffering the rest.
 */
export function readBody(res: HttpResponse, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    res.onData((chunk, isLast) => {
      if (failed) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        failed = true;
        reject(new TooLargeError(`Request body larger than ${maxBytes} bytes`));
        return;
      }
      // uWS reuses `chunk` after this callback: copy it.
      chunks.push(Buffer.from(new Uint8Array(chunk).slice()));
      if (isLast) resolve(Buffer.concat(chunks));
    });
  });
}

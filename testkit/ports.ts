import { createServer } from 'node:net';

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server with `startOn(port)`: on `preferred` first when given (a restart keeps its
 * port), else on a free port; retried on another free port, since one found free may be taken
 * by someone else before the server binds it. Resolves with the port it started on.
 */
export async function startOnFreePort(preferred: number | undefined, startOn: (port: number) => Promise<void>): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = preferred && attempt === 0 ? preferred : await freePort();
    try {
      await startOn(port);
      return port;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

import { createSocket } from 'node:dgram';
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

function bindsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function bindsUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * A media port for a test server's mediasoup worker: free for both UDP and TCP on 127.0.0.1 a
 * moment ago, below the kernel's ephemeral range (32768+) so that outgoing connections do not
 * take it meanwhile, and picked at random so that the test runs of several checkouts on one
 * machine do not all start on the same port. The worker must not be given more than one: worker
 * n uses port + n.
 */
export async function freeMediaPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if ((await bindsTcp(port)) && (await bindsUdp(port))) return port;
  }
  throw new Error('no free media port (UDP and TCP) found in 20000-31999');
}

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
 * `count` consecutive media ports for a test's mediasoup workers (worker n uses base + n): each
 * free for both UDP and TCP on 127.0.0.1 a moment ago, below the kernel's ephemeral range (32768+)
 * so that outgoing connections do not take them meanwhile, and the block picked at random so that
 * test files running at once (and several checkouts on one machine) do not all start on the same
 * ports — a fixed base collided when two files of a run started engines at the same moment.
 */
export async function freeMediaPorts(count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`freeMediaPorts: count ${count} out of 1..64`);
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * (12000 - count));
    let free = true;
    for (let port = base; free && port < base + count; port++) free = (await bindsTcp(port)) && (await bindsUdp(port));
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free media ports (UDP and TCP) found in 20000-31999`);
}

/** One media port (a worker given it must be the only one: worker n uses port + n). */
export function freeMediaPort(): Promise<number> {
  return freeMediaPorts(1);
}

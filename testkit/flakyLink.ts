/**
 * A slow, breakable network link between a browser and the server: a TCP proxy on 127.0.0.1
 * that paces what the client sends (a phone's upload speed) and can cut every open connection
 * at once (the phone losing its network), after which new connections work again.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface FlakyLink {
  port: number;
  /** Bytes per second from client to server; 0 = unlimited. */
  setUploadRate(bytesPerSecond: number): void;
  /** Destroys every open connection (both sides), as a dropped network does. */
  cut(): void;
  close(): Promise<void>;
}

export async function startFlakyLink(targetPort: number): Promise<FlakyLink> {
  let rate = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (rate === 0) {
        upstream.write(chunk);
        return;
      }
      // Pace in slices of 16 KiB so that a cut falls in the middle of a request body.
      client.pause();
      let offset = 0;
      const step = () => {
        if (upstream.destroyed || client.destroyed) return;
        const slice = chunk.subarray(offset, offset + 16 * 1024);
        offset += slice.length;
        upstream.write(slice);
        if (offset < chunk.length) setTimeout(step, (1000 * slice.length) / rate);
        else setTimeout(() => client.resume(), (1000 * slice.length) / rate);
      };
      step();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    setUploadRate: (r) => {
      rate = r;
    },
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

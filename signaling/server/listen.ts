/** Creating the uWebSockets.js app and its listen socket. */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import type { Uws } from './nativeUws.js';

export interface ListenOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls?: { certFile: string; keyFile: string };
}

export function createApp(uws: Uws, tls: ListenOptions['tls']): TemplatedApp {
  return tls ? uws.SSLApp({ cert_file_name: tls.certFile, key_file_name: tls.keyFile }) : uws.App();
}

export interface Listening {
  port: number;
  close(): void;
}

/**
 * Listens with an exclusive port: uSockets sets SO_REUSEPORT by default, and a second server
 * started on the same port by mistake would silently take half of the connections.
 */
export function listen(uws: Uws, app: TemplatedApp, options: ListenOptions): Promise<Listening> {
  return new Promise((resolve, reject) => {
    app.listen(options.host, options.port, uws.LIBUS_LISTEN_EXCLUSIVE_PORT, (socket: us_listen_socket | false) => {
      if (!socket) return reject(new Error(`cannot listen on ${options.host}:${options.port} (port in use or not allowed)`));
      let open = true;
      resolve({
        port: uws.us_socket_local_port(socket),
        close: () => {
          if (!open) return;
          open = false;
          uws.us_listen_socket_close(socket);
        },
      });
    });
  });
}

/** Parts of the native uWebSockets.js API that the package's typings omit. */
import 'uWebSockets.js';

declare module 'uWebSockets.js' {
  /** listen() option: fail instead of sharing the port (no SO_REUSEPORT). */
  export const LIBUS_LISTEN_EXCLUSIVE_PORT: number;
  interface TemplatedApp {
    listen(host: RecognizedString, port: number, options: number, cb: (listenSocket: us_listen_socket | false) => void | Promise<void>): TemplatedApp;
  }
}

/**
 * Stands in for the `debug` package in the browser build (client/vite.config.ts): mediasoup-client
 * and its helpers log through it, and it prints only when localStorage.debug is set, so the page
 * never showed those lines; this saves its ~2.5 kB gzipped on the way to the first sound.
 */
export default function debug() {
  const log = () => undefined;
  log.enabled = false;
  return log;
}

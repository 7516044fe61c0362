/**
 * Where the mediasoup-worker binary is, until the project's build script provides
 * `resolveMediasoupWorker()` (sfu/mediasoup/workerBinary.ts): the environment variable mediasoup
 * itself honours, else the reference build with the DTLS/KTLS fix (docs/sfu.md).
 */
export function defaultWorkerBin(): string {
  return process.env.MEDIASOUP_WORKER_BIN ?? '/opt/ms-ref/mediasoup-worker-ktlsfix';
}

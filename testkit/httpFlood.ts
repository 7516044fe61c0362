/**
 * An HTTP request flood from a worker thread, so that its own work never runs on the event loop
 * of the server under test (which shares the test's process): a fixed rate of requests for a
 * fixed time, without waiting for answers (up to `maxInFlight`), counting answers by status.
 */
import { Worker } from 'node:worker_threads';

export interface FloodRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface FloodOptions {
  baseUrl: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Cycled through in order. */
  requests: FloodRequest[];
  /** Default 1000. */
  maxInFlight?: number;
}

export interface FloodResult {
  sent: number;
  /** Answers by HTTP status; "error" for requests that got no answer. */
  statuses: Record<string, number>;
}

const WORKER = `
const { parentPort, workerData: o } = require('node:worker_threads');
const statuses = {};
let sent = 0, inFlight = 0, i = 0;
const started = Date.now();
const count = (k) => { statuses[k] = (statuses[k] ?? 0) + 1; };
function fire() {
  const r = o.requests[i++ % o.requests.length];
  sent++; inFlight++;
  fetch(o.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body })
    .then(async (res) => { await res.arrayBuffer(); count(String(res.status)); }, () => count('error'))
    .finally(() => { inFlight--; if (done && inFlight === 0) finish(); });
}
let done = false;
function finish() { parentPort.postMessage({ sent, statuses }); }
const tick = setInterval(() => {
  const due = Math.floor(((Date.now() - started) * o.rate) / 1000);
  while (sent < due && inFlight < o.maxInFlight) fire();
  if (Date.now() - started >= o.durationMs) {
    clearInterval(tick);
    done = true;
    if (inFlight === 0) finish();
  }
}, 5);
`;

export function httpFlood(options: FloodOptions): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { maxInFlight: 1000, ...options } });
    worker.once('message', (result: FloodResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

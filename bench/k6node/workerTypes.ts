/** What the runner tells a worker thread, and what the worker reports back. */
import type { MessagePort } from 'node:worker_threads';
import type { MetricStore } from './metrics.js';

export interface WorkerInit {
  role: 'options' | 'setup' | 'vu' | 'teardown';
  /** VU number, from 1 (0 for options/setup/teardown, like k6). */
  vu: number;
  env: Record<string, string>;
  setupData?: unknown;
  /** Iterations claimed so far by all VUs (Int32 at 0). */
  counter: SharedArrayBuffer;
  /** Total iterations shared by the VUs (k6 "shared-iterations"); absent with a duration. */
  iterations?: number;
  /** Wall-clock end of a duration run (Date.now() ms). */
  deadline?: number;
  /** Int32 at 0 set to 1 by the runner: start no new iteration. */
  stop: SharedArrayBuffer;
  iterationTimeoutMs: number;
  bridge: { port: MessagePort; flag: SharedArrayBuffer };
}

export interface WorkerReport {
  type: 'done';
  options?: unknown;
  hasSetup?: boolean;
  hasTeardown?: boolean;
  setupData?: unknown;
  metrics: ReturnType<MetricStore['toJSON']>;
  errors: string[];
  errorCount: number;
  iterationTimeouts: number;
}

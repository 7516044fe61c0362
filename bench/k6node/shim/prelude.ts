/**
 * Evaluated before the scenario module (import order): k6's globals for the init context.
 */
import { workerData } from 'node:worker_threads';
import type { WorkerInit } from '../workerTypes.js';
import { runtime } from './runtime.js';

const init = workerData as WorkerInit;
const g = globalThis as Record<string, unknown>;
g.__ENV = { ...init.env };
g.__VU = init.vu;
g.__ITER = 0;
runtime.vu = init.vu;
runtime.bridge = { port: init.bridge.port, flag: new Int32Array(init.bridge.flag) };

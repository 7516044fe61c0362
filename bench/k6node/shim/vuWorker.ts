/**
 * Entry of every worker thread of the Node runner (bundled with the scenario): reports the
 * scenario's options, runs setup() or teardown(), or runs a VU's iterations. An iteration ends
 * when the default function has returned (its promise settled) and the sockets and timers it
 * opened are done, like in k6; an iteration longer than the iteration timeout is cut short.
 */
import './prelude.js';
import * as scenario from 'bench-k6-scenario';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerReport } from '../workerTypes.js';
import { abortAll, recordError, runtime, whenIdle } from './runtime.js';

const init = workerData as WorkerInit;
const stop = new Int32Array(init.stop);
let iterationTimeouts = 0;

async function settle(value: unknown): Promise<unknown> {
  return value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') ? await value : value;
}

async function iteration(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), init.iterationTimeoutMs);
  });
  try {
    const run = (async () => {
      await settle(scenario.default(init.setupData));
      await whenIdle();
    })();
    if ((await Promise.race([run, timeout])) === 'timeout') {
      iterationTimeouts++;
      recordError(new Error(`iteration cut after ${init.iterationTimeoutMs} ms (${runtime.handles.size} socket(s)/timer(s) still open)`));
    }
    await run.catch(recordError);
  } catch (err) {
    recordError(err);
  } finally {
    clearTimeout(timer);
    abortAll();
  }
}

const counter = new Int32Array(init.counter);

/** The next iteration number in the whole test, or undefined when the test is over. */
function claim(): number | undefined {
  if (Atomics.load(stop, 0) === 1) return undefined;
  if (init.deadline !== undefined && Date.now() >= init.deadline) return undefined;
  const n = Atomics.add(counter, 0, 1);
  return init.iterations === undefined || n < init.iterations ? n : undefined;
}

async function runVu(): Promise<void> {
  if (typeof scenario.default !== 'function') throw new Error('the scenario has no default function');
  for (let i = 0; ; i++) {
    const n = claim();
    if (n === undefined) break;
    runtime.iteration = i;
    runtime.iterationInTest = n;
    (globalThis as Record<string, unknown>).__ITER = i;
    const t0 = performance.now();
    await iteration();
    runtime.store.add('iteration_duration', 'trend', performance.now() - t0);
    runtime.store.add('iterations', 'counter', 1);
  }
}

async function main(): Promise<Omit<WorkerReport, 'metrics' | 'errors' | 'errorCount' | 'iterationTimeouts'>> {
  switch (init.role) {
    case 'options':
      return {
        type: 'done',
        options: JSON.parse(JSON.stringify(scenario.options ?? {})) as unknown,
        hasSetup: typeof scenario.setup === 'function',
        hasTeardown: typeof scenario.teardown === 'function',
      };
    case 'setup': {
      const data = await settle(scenario.setup());
      await whenIdle();
      return { type: 'done', setupData: data === undefined ? undefined : (JSON.parse(JSON.stringify(data)) as unknown) };
    }
    case 'teardown':
      await settle(scenario.teardown(init.setupData));
      await whenIdle();
      return { type: 'done' };
    default:
      await runVu();
      return { type: 'done' };
  }
}

main()
  .catch((err: unknown) => {
    recordError(err);
    return { type: 'done' as const };
  })
  .then((r) => {
    const report: WorkerReport = { ...r, metrics: runtime.store.toJSON(), errors: runtime.errors, errorCount: runtime.errorCount, iterationTimeouts };
    parentPort?.postMessage(report);
    runtime.bridge?.port.close();
  });

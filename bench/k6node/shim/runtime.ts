/**
 * The VU side of the Node runner: state of the VU this worker thread runs (metrics, errors, the
 * open sockets and timers of the current iteration), and the blocking primitives k6 scripts
 * expect (sleep, synchronous HTTP) built on Atomics.wait in the worker thread.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { MetricStore } from '../metrics.js';

/** Something an iteration keeps open (a socket, a pending timer); `abort` ends it at once. */
export interface Handle {
  abort(): void;
}

export interface Bridge {
  port: MessagePort;
  flag: Int32Array;
}

export const runtime = {
  store: new MetricStore(),
  vu: 0,
  iteration: 0,
  iterationInTest: 0,
  scenario: 'default',
  bridge: undefined as Bridge | undefined,
  handles: new Set<Handle>(),
  idleWaiters: [] as Array<() => void>,
  errors: [] as string[],
  errorCount: 0,
};

export function addHandle(h: Handle): void {
  runtime.handles.add(h);
}

export function removeHandle(h: Handle): void {
  if (!runtime.handles.delete(h) || runtime.handles.size > 0) return;
  for (const w of runtime.idleWaiters.splice(0)) w();
}

/** Resolves when the iteration has nothing open any more (k6: the VU's event loop is empty). */
export function whenIdle(): Promise<void> {
  if (runtime.handles.size === 0) return Promise.resolve();
  return new Promise((resolve) => runtime.idleWaiters.push(resolve));
}

export function abortAll(): number {
  const n = runtime.handles.size;
  for (const h of [...runtime.handles]) {
    try {
      h.abort();
    } catch {
      /* best effort */
    }
    runtime.handles.delete(h);
  }
  for (const w of runtime.idleWaiters.splice(0)) w();
  return n;
}

export function recordError(err: unknown): void {
  runtime.errorCount++;
  if (runtime.errors.length < 10) runtime.errors.push(`VU ${runtime.vu} iteration ${runtime.iteration}: ${(err as Error)?.message ?? String(err)}`);
}

/** Runs a callback of the script (timer, socket event): an exception is recorded, not thrown. */
export function invoke(fn: ((...a: unknown[]) => unknown) | null | undefined, ...args: unknown[]): void {
  if (typeof fn !== 'function') return;
  try {
    const r = fn(...args);
    if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).catch(recordError);
  } catch (err) {
    recordError(err);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this VU's thread (k6's sleep blocks the VU, and so does this). */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/** Sends `request` to the main thread and blocks until it answers (synchronous k6 APIs). */
export function callMainSync<T>(request: unknown, timeoutMs: number): T {
  const bridge = runtime.bridge;
  if (!bridge) throw new Error('synchronous calls are only available inside a VU');
  Atomics.store(bridge.flag, 0, 0);
  bridge.port.postMessage(request);
  const r = Atomics.wait(bridge.flag, 0, 0, timeoutMs);
  const msg = receiveMessageOnPort(bridge.port);
  if (!msg) throw new Error(r === 'timed-out' ? `no answer from the runner within ${timeoutMs} ms` : 'the runner answered nothing');
  return msg.message as T;
}

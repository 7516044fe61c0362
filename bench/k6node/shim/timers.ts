/**
 * Node stand-in for `k6/timers`: the VU's iteration is not over while one of its timers is
 * pending (k6 waits for the VU's event loop to be empty).
 */
import { clearInterval as nodeClearInterval, clearTimeout as nodeClearTimeout, setInterval as nodeSetInterval, setTimeout as nodeSetTimeout } from 'node:timers';
import { addHandle, invoke, removeHandle, type Handle } from './runtime.js';

let nextId = 1;
const live = new Map<number, Handle>();

export function setTimeout(fn: (...args: unknown[]) => void, delay: number, ...args: unknown[]): number {
  const id = nextId++;
  const t = nodeSetTimeout(() => {
    live.delete(id);
    removeHandle(h);
    invoke(fn, ...args);
  }, delay);
  const h: Handle = { abort: () => nodeClearTimeout(t) };
  live.set(id, h);
  addHandle(h);
  return id;
}

export function setInterval(fn: (...args: unknown[]) => void, delay: number, ...args: unknown[]): number {
  const id = nextId++;
  const t = nodeSetInterval(() => invoke(fn, ...args), delay);
  const h: Handle = { abort: () => nodeClearInterval(t) };
  live.set(id, h);
  addHandle(h);
  return id;
}

function clear(id: number | undefined): void {
  if (id === undefined) return;
  const h = live.get(id);
  if (!h) return;
  live.delete(id);
  h.abort();
  removeHandle(h);
}

export const clearTimeout = clear;
export const clearInterval = clear;

export default { setTimeout, setInterval, clearTimeout, clearInterval };

/** Node stand-in for the `k6` module: check, sleep, group, fail, randomSeed. */
import { blockFor, runtime } from './runtime.js';

/** Runs every check, records each (the `checks` rate and per-name counts), true if all passed. */
export function check<T>(value: T, sets: Record<string, (v: T) => boolean>, _tags?: object): boolean {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    let ok: boolean;
    try {
      ok = Boolean(typeof fn === 'function' ? fn(value) : fn);
    } catch (err) {
      runtime.store.check(name, false);
      throw err;
    }
    runtime.store.check(name, ok);
    all &&= ok;
  }
  return all;
}

/** Blocks the VU for `seconds` (like k6: timers and sockets of this VU wait too). */
export function sleep(seconds: number): void {
  blockFor(seconds * 1000);
}

/** Runs `fn`; group metrics (group_duration) are not recorded by the Node runner. */
export function group<R>(_name: string, fn: () => R): R {
  return fn();
}

export function fail(message?: string): never {
  throw new Error(message ?? 'test failed');
}

export function randomSeed(_seed: number): void {
  /* Math.random cannot be seeded in Node: accepted and ignored */
}

export default { check, sleep, group, fail, randomSeed };

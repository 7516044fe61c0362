/**
 * A bound on password hashing (issue 13.1). Each argon2 run holds 19 MiB and ~15 ms of a core
 * on libuv's thread pool; unbounded, a login flood fills all four pool threads (starving file
 * and DNS work that shares them) and both cores, and the live lessons' event loop with them.
 * Here at most `maxConcurrent` run at once, the others wait in arrival order, and beyond
 * `maxQueued` waiting a request is refused at once (UNAVAILABLE, "try again") instead of
 * piling up memory and latency.
 */
import { availableParallelism } from 'node:os';
import { UnavailableError } from '../../platform/index.js';
import type { PasswordHasher } from './passwords.js';

export interface HashingLimits {
  /** Hashes running at once. Default: the cores minus one (at least 1), one core stays for the event loop. */
  maxConcurrent: number;
  /** Hashes waiting for a slot before new ones are refused. Default 100 (~1.5 s of work on one core). */
  maxQueued: number;
}

export function defaultHashingLimits(): HashingLimits {
  return { maxConcurrent: Math.max(1, availableParallelism() - 1), maxQueued: 100 };
}

export class BoundedHasher implements PasswordHasher {
  readonly #inner: PasswordHasher;
  readonly #limits: HashingLimits;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(inner: PasswordHasher, limits: HashingLimits = defaultHashingLimits()) {
    this.#inner = inner;
    this.#limits = limits;
  }

  hash(password: string): Promise<string> {
    return this.#run(() => this.#inner.hash(password));
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.#run(() => this.#inner.verify(passwordHash, password));
  }

  needsRehash(passwordHash: string): boolean {
    return this.#inner.needsRehash(passwordHash);
  }

  async #run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limits.maxConcurrent) {
      if (this.#waiting.length >= this.#limits.maxQueued) throw new UnavailableError('The server is busy signing people in; try again in a moment');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line (the count stays), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/**
 * LessonStateStore of the in-memory cluster (one machine): the lessons' transient state in the
 * process, shared by every handle made over one InMemoryClusterState, expiring by its clock
 * like the Redis keys do (redisScripts.ts lessonPut/lessonAppend). It outlives a lesson's room
 * (everyone left, a room closed and made again), not the process: on one machine the process
 * is the node, and a restarted process starts its lessons afresh.
 */
import type { Clock } from '../platform/index.js';
import type { KeptLessonState, LessonStateStore } from './ClusterTypes.js';
import type { PendingCalls } from './PendingCalls.js';
import { checkId, checkLessonWrite } from './validation.js';

interface Kept<T> {
  value: T;
  expiresAt: number;
}

interface LessonEntry {
  /** Value slots live and die together, like the fields of the Redis hash (one TTL, restarted by each put). */
  values: Map<string, string>;
  valuesExpireAt: number;
  lists: Map<string, Kept<string[]>>;
}

/** The shared part (one per InMemoryClusterState). Each method is synchronous, hence atomic. */
export class InMemoryLessonStateData {
  readonly #clock: Clock;
  readonly #lessons = new Map<string, LessonEntry>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  put(lessonId: string, slot: string, value: string, ttlMs: number): void {
    const entry = this.#entry(lessonId);
    const now = this.#clock.now();
    if (entry.valuesExpireAt <= now) entry.values.clear();
    entry.values.set(slot, value);
    entry.valuesExpireAt = now + ttlMs;
  }

  append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): void {
    const lists = this.#entry(lessonId).lists;
    const now = this.#clock.now();
    const current = lists.get(slot);
    const items = current && current.expiresAt > now ? current.value : [];
    items.push(value);
    if (items.length > max) items.splice(0, items.length - max);
    lists.set(slot, { value: items, expiresAt: now + ttlMs });
  }

  load(lessonId: string): KeptLessonState {
    const out: KeptLessonState = { values: {}, lists: {} };
    const entry = this.#lessons.get(lessonId);
    if (!entry) return out;
    const now = this.#clock.now();
    if (entry.valuesExpireAt <= now) entry.values.clear();
    for (const [slot, value] of entry.values) out.values[slot] = value;
    for (const [slot, kept] of entry.lists) {
      if (kept.expiresAt > now) out.lists[slot] = [...kept.value];
      else entry.lists.delete(slot);
    }
    if (entry.values.size === 0 && entry.lists.size === 0) this.#lessons.delete(lessonId);
    return out;
  }

  clear(lessonId: string): void {
    this.#lessons.delete(lessonId);
  }

  #entry(lessonId: string): LessonEntry {
    let entry = this.#lessons.get(lessonId);
    if (!entry) {
      entry = { values: new Map(), valuesExpireAt: 0, lists: new Map() };
      this.#lessons.set(lessonId, entry);
    }
    return entry;
  }
}

/** One node's handle: checks like the Redis version, calls rejected once the handle closed. */
export class InMemoryLessonState implements LessonStateStore {
  constructor(
    readonly data: InMemoryLessonStateData,
    readonly calls: PendingCalls,
    readonly maxBytes: number,
  ) {}

  put(lessonId: string, slot: string, value: string, ttlMs: number): Promise<void> {
    return this.calls.run(async () => {
      checkLessonWrite(lessonId, slot, value, ttlMs, this.maxBytes);
      this.data.put(lessonId, slot, value, ttlMs);
    });
  }

  append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): Promise<void> {
    return this.calls.run(async () => {
      checkLessonWrite(lessonId, slot, value, ttlMs, this.maxBytes, max);
      this.data.append(lessonId, slot, value, max, ttlMs);
    });
  }

  load(lessonId: string): Promise<KeptLessonState> {
    return this.calls.run(async () => {
      checkId('room', lessonId);
      return this.data.load(lessonId);
    });
  }

  clear(lessonId: string): Promise<void> {
    return this.calls.run(async () => {
      checkId('room', lessonId);
      this.data.clear(lessonId);
    });
  }
}

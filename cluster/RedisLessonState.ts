/**
 * LessonStateStore over Redis (scaled out): a lesson's transient state in a hash of values and
 * one list per list slot, each write one script (redisScripts.ts), every key with the TTL its
 * writer gives (keys.ts lessonValues / lessonLists / lessonListPrefix).
 */
import type { Redis } from 'ioredis';
import type { KeptLessonState, LessonStateStore } from './ClusterTypes.js';
import type { ClusterKeys } from './keys.js';
import type { PendingCalls } from './PendingCalls.js';
import { storeError } from './RedisConnections.js';
import * as scripts from './redisScripts.js';
import { checkId, checkLessonWrite } from './validation.js';

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storeError(what, error);
  }
}

const texts = (reply: unknown): string[] => (Array.isArray(reply) ? reply.map((x) => String(x)) : []);

/** The reply of lessonLoad; anything that is not its shape (foreign data) reads as nothing. */
export function keptFromReply(reply: unknown): KeptLessonState {
  const out: KeptLessonState = { values: {}, lists: {} };
  if (!Array.isArray(reply)) return out;
  const pairs = texts(reply[0]);
  for (let i = 0; i + 1 < pairs.length; i += 2) out.values[pairs[i] as string] = pairs[i + 1] as string;
  for (const entry of Array.isArray(reply[1]) ? reply[1] : []) {
    if (Array.isArray(entry) && entry.length === 2) out.lists[String(entry[0])] = texts(entry[1]);
  }
  return out;
}

export class RedisLessonState implements LessonStateStore {
  constructor(
    readonly redis: Redis,
    readonly keys: ClusterKeys,
    readonly calls: PendingCalls,
    readonly maxBytes: number,
  ) {}

  put(lessonId: string, slot: string, value: string, ttlMs: number): Promise<void> {
    return this.calls.run(async () => {
      checkLessonWrite(lessonId, slot, value, ttlMs, this.maxBytes);
      await call('lessonState.put', () => scripts.lessonPut.run(this.redis, [this.keys.lessonValues(lessonId)], [slot, value, ttlMs]));
    });
  }

  append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): Promise<void> {
    return this.calls.run(async () => {
      checkLessonWrite(lessonId, slot, value, ttlMs, this.maxBytes, max);
      const { keys } = this;
      await call('lessonState.append', () =>
        scripts.lessonAppend.run(this.redis, [keys.lessonListPrefix(lessonId) + slot, keys.lessonLists(lessonId)], [slot, value, max, ttlMs]),
      );
    });
  }

  load(lessonId: string): Promise<KeptLessonState> {
    return this.calls.run(async () => {
      checkId('room', lessonId);
      const { keys } = this;
      const reply = await call('lessonState.load', () =>
        scripts.lessonLoad.run(this.redis, [keys.lessonValues(lessonId), keys.lessonLists(lessonId)], [keys.lessonListPrefix(lessonId)]),
      );
      return keptFromReply(reply);
    });
  }

  clear(lessonId: string): Promise<void> {
    return this.calls.run(async () => {
      checkId('room', lessonId);
      const { keys } = this;
      await call('lessonState.clear', () =>
        scripts.lessonClear.run(this.redis, [keys.lessonValues(lessonId), keys.lessonLists(lessonId)], [keys.lessonListPrefix(lessonId)]),
      );
    });
  }
}

/**
 * Hosting a live lesson leaves a liveness record that its node marks periodically; when the node
 * dies, the presences it left open are closed at its last mark (issue 13.3, orphanedPresences.ts)
 * by whichever node comes first: the one that opens the lesson again, or any node's sweep of
 * records nobody marks any more. Each recovery runs in one transaction with the record locked,
 * so the closing events are written once, and only with the record's removal or replacement.
 */
import type { Storage, StoreSet } from '../store/index.js';
import type { LessonLiveness } from './AttendanceTypes.js';
import { closeOrphanedPresences } from './orphanedPresences.js';

export class PresenceRecovery {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /**
   * `nodeId` starts hosting the lesson at `now`: presences left open by a previous host are
   * closed first. Call before the lesson takes participants. Resolves with the events written.
   */
  takeOver(lessonId: string, nodeId: string, now: number): Promise<number> {
    return this.#storage.transaction(async (s) => {
      const previous = await s.liveness.lock(lessonId);
      const written = previous && previous.nodeId !== nodeId ? await closeOpen(s, previous) : 0;
      await s.liveness.put({ lessonId, nodeId, aliveAt: now });
      return written;
    });
  }

  /** Every lesson `nodeId` hosts is alive at `at`. */
  markAlive(nodeId: string, at: number): Promise<void> {
    return this.#storage.liveness.markAlive(nodeId, at);
  }

  /** `nodeId` closed the lesson cleanly (every presence recorded as left): forget it. */
  released(lessonId: string, nodeId: string): Promise<void> {
    return this.#storage.liveness.remove(lessonId, nodeId);
  }

  /** Closes what the hosts not marked since `before` left open; resolves with the lessons recovered. */
  async sweep(before: number): Promise<string[]> {
    const recovered: string[] = [];
    for (const stale of await this.#storage.liveness.staleSince(before)) {
      const done = await this.#storage.transaction(async (s) => {
        const current = await s.liveness.lock(stale.lessonId);
        // Marked again, or taken over, since the read: its host is alive.
        if (!current || current.aliveAt >= before) return false;
        await closeOpen(s, current);
        await s.liveness.remove(current.lessonId, current.nodeId);
        return true;
      });
      if (done) recovered.push(stale.lessonId);
    }
    return recovered;
  }
}

async function closeOpen(s: StoreSet, host: LessonLiveness): Promise<number> {
  const closes = closeOrphanedPresences(host.lessonId, await s.attendance.eventsForLesson(host.lessonId), host.aliveAt);
  await s.attendance.appendMany(closes);
  return closes.length;
}

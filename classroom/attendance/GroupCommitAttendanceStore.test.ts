import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../platform/index.js';
import type { AttendanceStore, ParticipationEvent, StoredParticipationEvent } from './AttendanceTypes.js';
import { GroupCommitAttendanceStore } from './GroupCommitAttendanceStore.js';

/** A typed fake that records each commit and refuses events of lesson "bad". */
class RecordingStore implements AttendanceStore {
  readonly commits: ParticipationEvent[][] = [];
  readonly stored: StoredParticipationEvent[] = [];
  async append(event: ParticipationEvent): Promise<void> {
    await this.appendMany([event]);
  }
  async appendMany(events: readonly ParticipationEvent[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 2)); // a commit takes time: appends pile up meanwhile
    if (events.some((e) => e.lessonId === 'bad')) throw new ConflictError('unknown lesson');
    this.commits.push([...events]);
    for (const e of events) this.stored.push({ ...e, seq: this.stored.length + 1 });
  }
  async eventsForLesson(lessonId: string): Promise<StoredParticipationEvent[]> {
    return this.stored.filter((e) => e.lessonId === lessonId);
  }
}

const ev = (userId: string, lessonId = 'les'): ParticipationEvent => ({ lessonId, userId, kind: 'join', at: 1 });

describe('GroupCommitAttendanceStore', () => {
  it('commits a burst of appends in a few transactions, resolving each only after its commit', async () => {
    const inner = new RecordingStore();
    const store = new GroupCommitAttendanceStore(inner);
    const first = Array.from({ length: 100 }, (_, i) => store.append(ev(`a${i}`)));
    await Promise.resolve();
    expect(inner.stored).toHaveLength(0);
    await Promise.all(first);
    expect(inner.commits).toHaveLength(1);
    const during = store.append(ev('late'));
    const more = Array.from({ length: 10 }, (_, i) => store.append(ev(`b${i}`)));
    await Promise.all([during, ...more]);
    expect(inner.stored.map((e) => e.userId)).toEqual([...Array.from({ length: 100 }, (_, i) => `a${i}`), 'late', ...Array.from({ length: 10 }, (_, i) => `b${i}`)]);
    expect(inner.commits.length).toBeLessThanOrEqual(3);
  });

  it('a failing event fails only its own append', async () => {
    const inner = new RecordingStore();
    const store = new GroupCommitAttendanceStore(inner);
    const results = await Promise.allSettled([store.append(ev('x')), store.append(ev('y', 'bad')), store.append(ev('z'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inner.stored.map((e) => e.userId)).toEqual(['x', 'z']);
  });

  it('validates before queueing, and drain() waits for queued appends', async () => {
    const inner = new RecordingStore();
    const store = new GroupCommitAttendanceStore(inner);
    await expect(store.append({ ...ev('x'), at: -1 })).rejects.toBeInstanceOf(ValidationError);
    void store.append(ev('q'));
    await store.drain();
    expect(inner.stored).toHaveLength(1);
  });
});

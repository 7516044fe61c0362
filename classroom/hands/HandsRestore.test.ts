import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { admittedId, keptRooms, lesson, student, teacher } from '../__fixtures__/liveRoom.js';
import type { LessonRoom } from '../liveRoom/index.js';
import { HANDS, handsFeature } from './index.js';

const queue = async (room: LessonRoom, viewer: string) => (HANDS.snapshotIn(await room.snapshot(viewer)) ?? []).map((h) => h.displayName);

describe('raised hands after the lesson moves to another room (a node died or drained)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('each hand comes back, at its place, when its owner does; one whose owner stays away goes down after the grace period', async () => {
    const rooms = keptRooms([handsFeature]);
    const first = await rooms.next();
    await admittedId(first, teacher);
    const [s1, s2, s3] = [await admittedId(first, student(1)), await admittedId(first, student(2)), await admittedId(first, student(3))];
    await first.feature(HANDS).raise(s2);
    rooms.clock.advance(1000);
    await first.feature(HANDS).raise(s3);
    rooms.clock.advance(1000);
    await first.feature(HANDS).raise(s1);
    await first.keptSettled();
    first.close();

    const second = await rooms.next();
    const t = await admittedId(second, teacher);
    expect(await queue(second, t)).toEqual([]); // nobody back yet
    const back1 = await admittedId(second, student(1));
    rooms.clock.advance(500);
    await second.feature(HANDS).raise(await admittedId(second, student(4))); // raised after the move: last
    const back2 = await admittedId(second, student(2));
    expect(await queue(second, t)).toEqual(['Học sinh 2', 'Học sinh 1', 'Học sinh 4']);
    expect(second.participant(back1)?.handRaised).toBe(true);
    expect(second.participant(back2)?.handRaised).toBe(true);

    // Student 3 does not come back within the grace period: their hand is dropped, and the kept queue says so.
    await vi.advanceTimersByTimeAsync(20_000);
    await second.keptSettled();
    const kept = JSON.parse((await rooms.store.load(lesson.id)).values.hands ?? '[]') as Array<{ userId: string }>;
    expect(kept.map((h) => h.userId)).toEqual(['u-s2', 'u-s1', 'u-s4']);
    await admittedId(second, student(3));
    expect(await queue(second, t)).toEqual(['Học sinh 2', 'Học sinh 1', 'Học sinh 4']);
    second.close();
  });

  it('a hand lowered before the move stays down; a raise is recorded once, not again on the way back', async () => {
    const rooms = keptRooms([handsFeature]);
    const first = await rooms.next();
    const t = await admittedId(first, teacher);
    const s1 = await admittedId(first, student(1));
    await first.feature(HANDS).raise(s1);
    await first.feature(HANDS).lower(t, s1);
    const s2 = await admittedId(first, student(2));
    await first.feature(HANDS).raise(s2);
    await first.keptSettled();
    first.close();
    const second = await rooms.next();
    const t2 = await admittedId(second, teacher);
    await admittedId(second, student(1));
    await admittedId(second, student(2));
    expect(await queue(second, t2)).toEqual(['Học sinh 2']);
    expect(rooms.activity.filter((a) => a.kind === 'hand_raised').map((a) => a.userId)).toEqual(['u-s1', 'u-s2']);
    second.close();
  });
});

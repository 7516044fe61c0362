import { describe, expect, it } from 'vitest';
import { admittedId, keptRooms, student, teacher } from '../__fixtures__/liveRoom.js';
import type { LessonSnapshot } from '../liveRoom/index.js';
import { BREAKOUT, breakoutFeature } from './index.js';

const breakoutOf = (snap: LessonSnapshot) => BREAKOUT.snapshotIn(snap);

describe('breakout groups after the lesson moves to another room (a node died or drained)', () => {
  it('the open round comes back with its groups and start time; each student returns to their group, with its chat', async () => {
    const rooms = keptRooms([breakoutFeature]);
    const first = await rooms.next();
    const t = await admittedId(first, teacher);
    const [s1, s2, s3] = [await admittedId(first, student(1)), await admittedId(first, student(2)), await admittedId(first, student(3))];
    await first.feature(BREAKOUT).start(t, { assignments: [{ name: 'Nhóm Hình học', participantIds: [s1, s3] }, { name: 'Nhóm Đại số', participantIds: [s2] }], randomCount: 0 });
    const before = breakoutOf(await first.snapshot(t));
    await first.sendChat(s1, 'Nhóm mình làm câu 2 nhé');
    await first.keptSettled();
    first.close();

    const second = await rooms.next();
    const t2 = await admittedId(second, teacher);
    const back1 = await admittedId(second, student(1));
    const back2 = await admittedId(second, student(2));
    const view = breakoutOf(await second.snapshot(t2));
    expect(view).toMatchObject({ active: true, startedAtMs: before?.startedAtMs });
    expect(view?.groups.map((g) => [g.id, g.name, g.participantIds])).toEqual([
      [before?.groups[0]?.id, 'Nhóm Hình học', [back1]],
      [before?.groups[1]?.id, 'Nhóm Đại số', [back2]],
    ]);
    expect(second.participant(back1)?.groupId).toBe(before?.groups[0]?.id);
    expect(second.participant(t2)?.groupId).toBe('');
    expect((await second.snapshot(back1)).recentChat.map((m) => m.text)).toEqual(['Nhóm mình làm câu 2 nhé']);
    expect((await second.snapshot(back2)).recentChat).toEqual([]);
    // The teacher brings everyone back: the round is closed in the kept state too.
    await second.feature(BREAKOUT).end(t2);
    await second.keptSettled();
    second.close();
    const third = await rooms.next();
    const t3 = await admittedId(third, teacher);
    expect(breakoutOf(await third.snapshot(t3))?.active).toBe(false);
    expect(third.participant(await admittedId(third, student(1)))?.groupId).toBe('');
    third.close();
  });

  it('kept data that is not a round is ignored', async () => {
    const rooms = keptRooms([breakoutFeature]);
    await rooms.store.put('lesson-1', 'breakout', JSON.stringify({ active: true, startedAtMs: 1, groups: [{ id: 'g-1', name: 7, userIds: [] }] }), 1000);
    const room = await rooms.next();
    const t = await admittedId(room, teacher);
    expect(breakoutOf(await room.snapshot(t))?.active).toBe(false);
    room.close();
  });
});

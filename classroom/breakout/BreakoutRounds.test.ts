import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotAuthorizedError } from '../../platform/index.js';
import { admittedId, makeRoom, media, student, teacher } from '../__fixtures__/liveRoom.js';
import type { LessonSnapshot } from '../liveRoom/index.js';
import { BREAKOUT, breakoutFeature } from './index.js';

const withBreakout = () => makeRoom({ autoAdmit: true }, [breakoutFeature]);
const groupsOf = (snap: LessonSnapshot) => BREAKOUT.snapshotIn(snap)?.groups ?? [];

describe('BreakoutRounds', () => {
  it('splits 4 students into 2 groups of 2 with separate chat, and brings everyone back', async () => {
    const { room } = withBreakout();
    const breakout = room.feature(BREAKOUT);
    const t = await admittedId(room, teacher);
    const students = [];
    for (let i = 1; i <= 4; i++) students.push(await admittedId(room, student(i)));
    const moved: string[] = [];
    room.on('participantMoved', (p) => moved.push(p.id));
    await breakout.start(t, { assignments: [], randomCount: 2 });
    const groups = groupsOf(await room.snapshot(t));
    expect(groups.map((g) => g.participantIds.length)).toEqual([2, 2]);
    expect(new Set(moved)).toEqual(new Set(students));
    const [g1] = groups;
    const member = g1!.participantIds[0]!;
    await room.sendChat(member, 'nhóm 1 đây');
    expect((await room.snapshot(member)).recentChat.map((m) => m.text)).toEqual(['nhóm 1 đây']);
    expect((await room.snapshot(t)).recentChat).toEqual([]);
    await breakout.visit(t, g1!.id);
    expect(room.participant(t)?.groupId).toBe(g1!.id);
    await breakout.end(t);
    expect(room.participants().every((p) => p.groupId === '')).toBe(true);
  });

  it('refuses a hand-made split that puts a student in two groups', async () => {
    const { room } = withBreakout();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    await expect(
      room.feature(BREAKOUT).start(t, { assignments: [{ name: 'A', participantIds: [s] }, { name: 'B', participantIds: [s] }], randomCount: 0 }),
    ).rejects.toThrow(/two groups/);
  });

  it('is the teacher\'s: a student may not start, visit, broadcast or end', async () => {
    const { room } = withBreakout();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    const breakout = room.feature(BREAKOUT);
    await expect(breakout.start(s, { assignments: [], randomCount: 1 })).rejects.toBeInstanceOf(NotAuthorizedError);
    await breakout.start(t, { assignments: [], randomCount: 1 });
    await expect(breakout.visit(s, '')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(breakout.broadcast(s, 'x')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(breakout.end(s)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(breakout.visit(t, 'g-none')).rejects.toThrow(/No such breakout group/);
  });
});

describe('BreakoutRounds and presence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a student who reconnects during a round is still in their group, and the snapshot says which', async () => {
    const { room } = withBreakout();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    await room.feature(BREAKOUT).start(t, { assignments: [{ name: 'A', participantIds: [s] }], randomCount: 0 });
    const group = room.participant(s)?.groupId;
    await room.disconnect(s);
    vi.advanceTimersByTime(10_000);
    const back = await room.join(student(1), media);
    expect(back).toMatchObject({ status: 'admitted', resumed: true, participant: { id: s, groupId: group } });
    if (back.status === 'admitted') expect(groupsOf(back.snapshot).map((g) => g.name)).toEqual(['A']);
  });
});

/**
 * Issue 13.4: the teacher's decisions outlive the room. Each is handed to the keeper before the
 * change that made it answers, and a room made again from them behaves as the teacher decided:
 * removed students stay out, the lock and the lobby setting hold, allowed screen sharers keep
 * the permission, and students let in from the lobby come back in within the grace period.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock, silentLogger, type Logger } from '../../platform/index.js';
import { capturingLogger } from '../../testkit/logCapture.js';
import { lesson, media, student, teacher } from '../__fixtures__/liveRoom.js';
import { LessonRoom, NO_DECISIONS, type LessonSettings, type RoomDecision, type RoomDecisions } from './index.js';

/** The meaning of a sequence of decisions (what SqlRoomDecisionStore keeps; its contract tests the SQL). */
function fold(decisions: RoomDecision[]): RoomDecisions {
  const set = (list: string[], ids: string[], on: boolean) => (on ? [...new Set([...list, ...ids])] : list.filter((u) => !ids.includes(u))).sort();
  let r: RoomDecisions = { ...NO_DECISIONS };
  for (const d of decisions) {
    if (d.kind === 'settings') r = { ...r, settings: d.settings };
    if (d.kind === 'removed') r = { ...r, removedUsers: set(r.removedUsers, [d.userId], true) };
    if (d.kind === 'admission') r = { ...r, admittedUsers: set(r.admittedUsers, d.userIds, d.admitted) };
    if (d.kind === 'screenShare') r = { ...r, screenSharers: set(r.screenSharers, [d.userId], d.allowed) };
  }
  return r;
}

/** Rooms of one lesson one after the other (a restart in between), keeping decisions in `kept`. */
function lessonRooms(options: { fail?: () => boolean; logger?: Logger } = {}) {
  const kept: RoomDecision[] = [];
  const clock = new ManualClock();
  const make = (settings: Partial<LessonSettings> = {}) =>
    new LessonRoom({
      lesson,
      settings,
      clock,
      logger: options.logger ?? silentLogger(),
      reconnectGraceMs: 20_000,
      decisions: {
        restored: fold(kept),
        record: async (d) => {
          await Promise.resolve();
          if (options.fail?.()) throw new Error('disk full');
          kept.push(d);
        },
      },
    });
  return { kept, clock, make };
}

const idOf = async (room: LessonRoom, who: typeof teacher) => (await room.join(who, media)).participant.id;

describe('teacher decisions kept across rooms (issue 13.4)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('each decision is kept before its change answers', async () => {
    const { kept, make } = lessonRooms();
    const room = make();
    const t = await idOf(room, teacher);
    const s1 = await idOf(room, student(1));
    await room.admit(t, [s1], false);
    expect(kept).toEqual([{ kind: 'admission', userIds: ['u-s1'], admitted: true }]);
    await room.setScreenSharePermission(t, s1, true);
    await room.updateSettings(t, { locked: true });
    await room.removeParticipant(t, s1, 'Nói tục');
    expect(kept.slice(1)).toEqual([
      { kind: 'screenShare', userId: 'u-s1', allowed: true },
      { kind: 'settings', settings: { locked: true, autoAdmit: false, studentsCanUnmute: true } },
      { kind: 'removed', userId: 'u-s1' },
    ]);
  });

  it('a room made again keeps the removal, the lock, the lobby setting and the screen sharers', async () => {
    const { make } = lessonRooms();
    const first = make();
    const t = await idOf(first, teacher);
    await first.updateSettings(t, { autoAdmit: true, studentsCanUnmute: false });
    const s1 = await idOf(first, student(1));
    const s2 = await idOf(first, student(2));
    await first.setScreenSharePermission(t, s2, true);
    await first.removeParticipant(t, s1, '');
    await first.updateSettings(t, { locked: true });
    first.close(); // the server went away

    const second = make();
    expect((await second.join(teacher, media)).status).toBe('admitted');
    await expect(second.join(student(1), media)).rejects.toThrow(/removed you/);
    await expect(second.join(student(3), media)).rejects.toMatchObject({ code: 'LESSON_LOCKED' });
    const t2 = await idOf(second, teacher);
    await second.updateSettings(t2, { locked: false });
    // Auto-admit held: student 2 enters at once, still allowed to share, and still muted by the setting.
    const back = await second.join(student(2), media);
    expect(back).toMatchObject({ status: 'admitted', participant: { canShareScreen: true } });
    expect(back.participant.micOn).toBe(false);
    expect((await second.join(student(3), media)).participant.canShareScreen).toBe(false);
  });

  it('a student let in from the lobby comes back in within the grace period, even when locked; after it, through the lobby', async () => {
    const { kept, clock, make } = lessonRooms();
    const first = make();
    const t = await idOf(first, teacher);
    const [a, b, c] = [await idOf(first, student(1)), await idOf(first, student(2)), await idOf(first, student(3))];
    await first.admit(t, [a, b, c], false);
    await first.leave(c); // left on purpose: no longer admitted
    await first.updateSettings(t, { locked: true });
    first.close();
    expect(fold(kept).admittedUsers).toEqual(['u-s1', 'u-s2']);

    const second = make();
    expect(await second.join(student(1), media)).toMatchObject({ status: 'admitted' });
    await expect(second.join(student(3), media)).rejects.toMatchObject({ code: 'LESSON_LOCKED' });
    clock.advance(20_001);
    vi.advanceTimersByTime(20_001);
    await vi.waitFor(() => expect(fold(kept).admittedUsers).toEqual(['u-s1']));
    await expect(second.join(student(2), media)).rejects.toMatchObject({ code: 'LESSON_LOCKED' });
    const t2 = await idOf(second, teacher);
    await second.updateSettings(t2, { locked: false });
    expect((await second.join(student(2), media)).status).toBe('waiting');
  });

  it('a grace period that runs out ends the admission too', async () => {
    const { kept, clock, make } = lessonRooms();
    const room = make();
    const t = await idOf(room, teacher);
    const s = await idOf(room, student(1));
    await room.admit(t, [s], false);
    await room.disconnect(s);
    clock.advance(20_000);
    vi.advanceTimersByTime(20_000);
    await vi.waitFor(() => expect(kept.at(-1)).toEqual({ kind: 'admission', userIds: ['u-s1'], admitted: false }));
  });

  it('a decision that cannot be kept: the change is made, its answer says it was not stored, the log says so', async () => {
    const log = capturingLogger();
    let failing = false;
    const { make } = lessonRooms({ fail: () => failing, logger: log.logger });
    const room = make();
    const t = await idOf(room, teacher);
    failing = true;
    await expect(room.updateSettings(t, { locked: true })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(log.errors.join('\n')).toContain("a teacher's decision could NOT be stored");
    await expect(room.join(student(1), media)).rejects.toMatchObject({ code: 'LESSON_LOCKED' });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotAuthorizedError } from '../../platform/index.js';
import { admittedId, makeRoom, media, student, teacher } from '../__fixtures__/liveRoom.js';

describe('LessonRoom admission', () => {
  it('a teacher enters at once; a student waits in the lobby until admitted', async () => {
    const { room } = makeRoom();
    const lobby: number[] = [];
    room.on('lobbyChanged', (e) => lobby.push(e.length));
    const t = await room.join(teacher, media);
    expect(t.status).toBe('admitted');
    const s = await room.join(student(1), media);
    expect(s.status).toBe('waiting');
    expect(room.participants().map((p) => p.role)).toEqual(['teacher']);
    const admitted: string[] = [];
    room.on('admitted', (p, snap) => admitted.push(`${p.id}:${snap.participants.length}`));
    await room.admit(t.participant.id, [s.participant.id], false);
    expect(admitted).toEqual([`${s.participant.id}:2`]);
    expect(lobby).toEqual([1, 0]);
  });

  it('auto-admit lets class members in; switching it on admits those already waiting', async () => {
    const { room } = makeRoom();
    const t = await admittedId(room, teacher);
    await room.join(student(1), media);
    await room.updateSettings(t, { autoAdmit: true });
    expect(room.participants()).toHaveLength(2);
    expect((await room.join(student(2), media)).status).toBe('admitted');
  });

  it('refuses a student who is not a member of the class, and everyone new once locked', async () => {
    const { room } = makeRoom({ autoAdmit: true });
    await expect(room.join({ ...student(9), classMember: false }, media)).rejects.toThrow(/not a member/);
    const t = await admittedId(room, teacher);
    await room.updateSettings(t, { locked: true });
    await expect(room.join(student(1), media)).rejects.toMatchObject({ code: 'LESSON_LOCKED' });
  });

  it('a denied student gets the reason and leaves the lobby', async () => {
    const { room } = makeRoom();
    const t = await admittedId(room, teacher);
    const s = await room.join(student(1), media);
    const denied: string[] = [];
    room.on('denied', (_p, reason) => denied.push(reason));
    await room.deny(t, s.participant.id, 'Sai lớp');
    expect(denied).toEqual(['Sai lớp']);
    await expect(room.admit(t, [s.participant.id], false)).resolves.toBeUndefined();
    expect(room.participants()).toHaveLength(1);
  });
});

describe('LessonRoom supervision', () => {
  it('only the teacher may mute, remove, lock or end; a student is refused', async () => {
    const { room } = makeRoom({ autoAdmit: true });
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    await expect(room.forceMediaOff(s1, { participantId: s2, all: false }, 'microphone')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(room.removeParticipant(s1, s2, '')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(room.updateSettings(s1, { locked: true })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(room.end(s1)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(room.ended).toBe(false);
    const forced: string[] = [];
    room.on('mediaForcedOff', (p, source) => forced.push(`${p.id}:${source}`));
    await room.forceMediaOff(t, { participantId: '', all: true }, 'microphone');
    expect(forced.sort()).toEqual([`${s1}:microphone`, `${s2}:microphone`].sort());
    expect(room.participant(s1)?.micOn).toBe(false);
    expect(room.participant(t)?.micOn).toBe(true);
  });

  it('a removed student cannot come back to the lesson', async () => {
    const { room } = makeRoom({ autoAdmit: true });
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    const left: string[] = [];
    room.on('participantLeft', (p, reason) => left.push(`${p.id}:${reason}`));
    await room.removeParticipant(t, s, 'Gây mất trật tự');
    expect(left).toEqual([`${s}:removed`]);
    await expect(room.join(student(1), media)).rejects.toThrow(/removed/);
  });

  it('a student may not unmute when the teacher disallows it, nor share the screen without permission', async () => {
    const { room } = makeRoom({ autoAdmit: true });
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    await expect(room.setMediaState(s, { micOn: true, cameraOn: true, screenOn: true })).rejects.toThrow(/share your screen/);
    await room.setScreenSharePermission(t, s, true);
    await room.setMediaState(s, { micOn: true, cameraOn: true, screenOn: true });
    await room.updateSettings(t, { studentsCanUnmute: false });
    await room.forceMediaOff(t, { participantId: s, all: false }, 'microphone');
    await expect(room.setMediaState(s, { micOn: true, cameraOn: true, screenOn: true })).rejects.toThrow(/microphones/);
    await room.setScreenSharePermission(t, s, false);
    expect(room.participant(s)?.screenOn).toBe(false);
  });

  it('ending the lesson makes everyone leave with reason lesson_ended and refuses later joins', async () => {
    const { room, activity } = makeRoom({ autoAdmit: true });
    const t = await admittedId(room, teacher);
    await admittedId(room, student(1));
    await room.end(t);
    const leaves = activity.filter((a) => a.kind === 'leave').map((a) => a.reason);
    expect(leaves).toEqual(['lesson_ended', 'lesson_ended']);
    expect(room.closed).toBe(true);
    await expect(room.join(student(2), media)).rejects.toMatchObject({ code: 'LESSON_ENDED' });
  });
});

describe('LessonRoom presence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a reconnection within the grace period continues the same participant without a new join', async () => {
    const { room, clock, activity } = makeRoom({ autoAdmit: true });
    const s = await admittedId(room, student(1));
    await room.disconnect(s);
    expect(room.participant(s)?.connection).toBe('reconnecting');
    clock.advance(10_000);
    vi.advanceTimersByTime(10_000);
    const again = await room.join(student(1), media);
    expect(again).toMatchObject({ status: 'admitted', resumed: true });
    expect(again.participant.id).toBe(s);
    expect(again.participant.connection).toBe('connected');
    vi.advanceTimersByTime(30_000);
    await room.snapshot(s);
    expect(activity.filter((a) => a.kind === 'join' || a.kind === 'leave').map((a) => a.kind)).toEqual(['join']);
  });

  it('after the grace period the participant left at the moment the connection dropped', async () => {
    const { room, clock, activity } = makeRoom({ autoAdmit: true });
    const s = await admittedId(room, student(1));
    clock.advance(60_000);
    const droppedAt = clock.now();
    await room.disconnect(s);
    clock.advance(20_000);
    vi.advanceTimersByTime(20_000);
    await vi.waitFor(() => expect(room.participant(s)).toBeUndefined());
    const leave = activity.find((a) => a.kind === 'leave');
    expect(leave).toMatchObject({ reason: 'disconnected', atMs: droppedAt });
    expect(activity.filter((a) => a.kind === 'mic_off' || a.kind === 'camera_off').every((a) => a.atMs === droppedAt)).toBe(true);
  });
});

describe('LessonRoom interaction', () => {
  it('chat is trimmed, bounded, and recorded for attendance', async () => {
    const { room, activity } = makeRoom({ autoAdmit: true });
    const s = await admittedId(room, student(1));
    const seen: string[] = [];
    room.on('chatMessage', (m) => seen.push(m.text));
    await room.sendChat(s, '  Em chào cô ạ  ');
    await expect(room.sendChat(s, '   ')).rejects.toThrow(/empty/);
    await expect(room.sendChat(s, 'x'.repeat(1001))).rejects.toThrow(/1000/);
    expect(seen).toEqual(['Em chào cô ạ']);
    expect(activity.filter((a) => a.kind === 'chat_message')).toHaveLength(1);
  });
});

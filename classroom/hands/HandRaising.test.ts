import { describe, expect, it } from 'vitest';
import { NotAuthorizedError } from '../../platform/index.js';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import type { FeatureEvent, LessonRoom, LessonSnapshot } from '../liveRoom/index.js';
import { HANDS, handsFeature } from './index.js';

const withHands = () => makeRoom({ autoAdmit: true }, [handsFeature]);
const queueOf = (snap: LessonSnapshot) => HANDS.snapshotIn(snap) ?? [];

function told(room: LessonRoom): FeatureEvent[] {
  const events: FeatureEvent[] = [];
  room.on('feature', (_audience, event) => events.push(event));
  return events;
}

describe('HandRaising', () => {
  it('hands are queued oldest first and a student lowers only their own', async () => {
    const { room, clock } = withHands();
    const hands = room.feature(HANDS);
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    await hands.raise(s2);
    clock.advance(1000);
    await hands.raise(s1);
    await hands.raise(s2); // twice: keeps its place
    const snap = await room.snapshot(t);
    expect(queueOf(snap).map((h) => h.participantId)).toEqual([s2, s1]);
    await expect(hands.lower(s1, s2)).rejects.toBeInstanceOf(NotAuthorizedError);
    await hands.lower(t, s2);
    expect(queueOf(await room.snapshot(t)).map((h) => h.participantId)).toEqual([s1]);
  });

  it('a raise shows in the participant, counts for attendance, and is told to everyone', async () => {
    const { room, activity } = withHands();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    const events = told(room);
    await room.feature(HANDS).raise(s);
    expect(room.participant(s)?.handRaised).toBe(true);
    expect(activity.filter((a) => a.kind === 'hand_raised').map((a) => a.participantId)).toEqual([s]);
    await room.feature(HANDS).lower(s, '');
    expect(room.participant(s)?.handRaised).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['handQueueChanged', 'handQueueChanged']);
    expect(room.participant(t)?.handRaised).toBe(false);
  });

  it('a participant who leaves loses their place; a student still in the lobby cannot raise', async () => {
    const { room } = makeRoom({}, [handsFeature]);
    const t = await admittedId(room, teacher);
    const waiting = (await room.join(student(9), { micOn: false, cameraOn: false })).participant.id;
    await expect(room.feature(HANDS).raise(waiting)).rejects.toMatchObject({ code: 'NOT_JOINED' });
    await room.updateSettings(t, { autoAdmit: true });
    const s = await admittedId(room, student(1));
    await room.feature(HANDS).raise(s);
    await room.leave(s);
    expect(queueOf(await room.snapshot(t))).toEqual([]);
  });
});

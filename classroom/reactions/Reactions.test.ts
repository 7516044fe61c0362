import { describe, expect, it } from 'vitest';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import type { Audience, FeatureEvent } from '../liveRoom/index.js';
import { BREAKOUT, breakoutFeature } from '../breakout/index.js';
import { REACTIONS, reactionsFeature } from './index.js';

describe('Reactions', () => {
  it('a reaction is told to the sender\'s room only, and needs the lesson, not the lobby', async () => {
    const { room } = makeRoom({}, [reactionsFeature, breakoutFeature]);
    const told: Array<[Audience, FeatureEvent]> = [];
    room.on('feature', (audience, event) => told.push([audience, event]));
    const t = await admittedId(room, teacher);
    const waiting = (await room.join(student(9), { micOn: false, cameraOn: false })).participant.id;
    await expect(room.feature(REACTIONS).react(waiting, 'clap')).rejects.toMatchObject({ code: 'NOT_JOINED' });
    await room.updateSettings(t, { autoAdmit: true });
    const s = await admittedId(room, student(1));
    await room.feature(REACTIONS).react(s, 'heart');
    await room.feature(BREAKOUT).start(t, { assignments: [{ name: 'A', participantIds: [s] }], randomCount: 0 });
    await room.feature(REACTIONS).react(s, 'question');
    const group = room.participant(s)?.groupId ?? '';
    const reactions = told.filter(([, e]) => e.type === 'reactionSent');
    expect(reactions).toEqual([
      [{ to: 'room', groupId: '' }, { type: 'reactionSent', participantId: s, kind: 'heart', atMs: expect.any(Number) }],
      [{ to: 'room', groupId: group }, { type: 'reactionSent', participantId: s, kind: 'question', atMs: expect.any(Number) }],
    ]);
    expect(group).not.toBe('');
  });
});

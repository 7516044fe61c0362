import { describe, expect, it } from 'vitest';
import type { ParticipationEvent } from './AttendanceTypes.js';
import { closeOrphanedPresences } from './orphanedPresences.js';

const L = 'les_1';
const ev = (userId: string, kind: Exclude<ParticipationEvent['kind'], 'leave'>, at: number): ParticipationEvent => ({ lessonId: L, userId, kind, at });
const leave = (userId: string, at: number): ParticipationEvent => ({ lessonId: L, userId, kind: 'leave', reason: 'left', at });

describe('closeOrphanedPresences (issue 13.3)', () => {
  it('closes each presence still open, devices first, at the liveness mark', () => {
    const events = [ev('a', 'join', 100), ev('a', 'mic_on', 100), ev('a', 'camera_on', 150), ev('b', 'join', 120), ev('a', 'camera_off', 160)];
    expect(closeOrphanedPresences(L, events, 1000)).toEqual([
      { lessonId: L, userId: 'a', kind: 'mic_off', at: 1000 },
      { lessonId: L, userId: 'a', kind: 'leave', reason: 'disconnected', at: 1000 },
      { lessonId: L, userId: 'b', kind: 'leave', reason: 'disconnected', at: 1000 },
    ]);
  });

  it("closes at a participant's own later fact when it is after the mark (the server saw them then)", () => {
    const events = [ev('a', 'join', 100), ev('a', 'chat_message', 1300), ev('b', 'join', 1200)];
    expect(closeOrphanedPresences(L, events, 1000).map((e) => [e.userId, e.kind, e.at])).toEqual([
      ['a', 'leave', 1300],
      ['b', 'leave', 1200],
    ]);
  });

  it('leaves closed presences, second tabs and strays alone', () => {
    const events = [ev('a', 'join', 100), leave('a', 200), ev('b', 'join', 100), ev('b', 'join', 110), leave('b', 300), leave('c', 50), ev('c', 'mic_on', 60)];
    expect(closeOrphanedPresences(L, events, 1000)).toEqual([]);
  });
});

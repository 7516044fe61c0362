import { describe, expect, it } from 'vitest';
import { NO_DECISIONS } from '../../liveRoom/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

/** The teacher's decisions in a live lesson, kept across rooms and restarts (issue 13.4). */
export function roomDecisionsContract(target: ContractTarget): void {
  describe('RoomDecisionStore', () => {
    const ctx = useStorage(target);

    it('a lesson never run has no decisions; the last decision on each flag is the one in force', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      expect(await s.roomDecisions.load('les_1')).toEqual(NO_DECISIONS);
      const d = s.roomDecisions;
      await d.record('les_1', { kind: 'settings', settings: { locked: true, autoAdmit: false, studentsCanUnmute: true } }, 10);
      await d.record('les_1', { kind: 'admission', userIds: ['u_a', 'u_b', 'u_c', 'u_a'], admitted: true }, 20);
      await d.record('les_1', { kind: 'removed', userId: 'u_c' }, 30);
      await d.record('les_1', { kind: 'screenShare', userId: 'u_b', allowed: true }, 40);
      await d.record('les_1', { kind: 'screenShare', userId: 'u_d', allowed: true }, 41);
      await d.record('les_1', { kind: 'screenShare', userId: 'u_d', allowed: false }, 42);
      await d.record('les_1', { kind: 'admission', userIds: ['u_b'], admitted: false }, 50);
      await d.record('les_1', { kind: 'settings', settings: { locked: false, autoAdmit: true, studentsCanUnmute: false } }, 60);
      expect(await d.load('les_1')).toEqual({
        settings: { locked: false, autoAdmit: true, studentsCanUnmute: false },
        removedUsers: ['u_c'],
        admittedUsers: ['u_a', 'u_c'],
        screenSharers: ['u_b'],
      });
    });

    it('decisions belong to their lesson', async () => {
      const s = ctx.storage;
      const first = await seedLesson(s);
      await s.lessons.create({ ...first, id: 'les_2', scheduledStart: first.scheduledEnd, scheduledEnd: 2 * first.scheduledEnd - first.scheduledStart });
      await s.roomDecisions.record('les_1', { kind: 'removed', userId: 'u_a' }, 10);
      await s.roomDecisions.record('les_2', { kind: 'settings', settings: { locked: true, autoAdmit: true, studentsCanUnmute: true } }, 10);
      expect(await s.roomDecisions.load('les_1')).toEqual({ ...NO_DECISIONS, removedUsers: ['u_a'] });
      expect((await s.roomDecisions.load('les_2')).removedUsers).toEqual([]);
    });

    it('a lesson that does not exist is refused (foreign key), and nothing is half-written', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await expect(s.roomDecisions.record('les_nope', { kind: 'admission', userIds: ['u_a', 'u_b'], admitted: true }, 10)).rejects.toThrow();
      expect(await s.roomDecisions.load('les_nope')).toEqual(NO_DECISIONS);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { PresenceRecovery, type ParticipationEvent } from '../../attendance/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const ev = (userId: string, kind: Exclude<ParticipationEvent['kind'], 'leave'>, at: number): ParticipationEvent => ({ lessonId: 'les_1', userId, kind, at });

/** The liveness records of hosted lessons, and the recovery of a crashed host's presences (issue 13.3). */
export function livenessContract(target: ContractTarget): void {
  describe('LessonLivenessStore and PresenceRecovery', () => {
    const ctx = useStorage(target);

    it('records a host, marks its lessons alive, finds the stale ones, removes only its own', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.liveness.put({ lessonId: 'les_1', nodeId: 'n1', aliveAt: 100 });
      await s.liveness.markAlive('n2', 500);
      expect(await s.liveness.staleSince(200)).toEqual([{ lessonId: 'les_1', nodeId: 'n1', aliveAt: 100 }]);
      await s.liveness.markAlive('n1', 300);
      expect(await s.liveness.staleSince(200)).toEqual([]);
      await s.liveness.remove('les_1', 'n2');
      expect(await s.transaction((t) => t.liveness.lock('les_1'))).toEqual({ lessonId: 'les_1', nodeId: 'n1', aliveAt: 300 });
      await s.liveness.remove('les_1', 'n1');
      expect(await s.transaction((t) => t.liveness.lock('les_1'))).toBeUndefined();
    });

    it("a new host closes, once, the presences the dead host left open, at its last mark", async () => {
      const s = ctx.storage;
      await seedLesson(s);
      const recovery = new PresenceRecovery(s);
      await recovery.takeOver('les_1', 'dead', 1000);
      await s.attendance.appendMany([ev('u_a', 'join', 1100), ev('u_a', 'camera_on', 1200), ev('u_b', 'join', 1300)]);
      await recovery.markAlive('dead', 2000);
      expect(await Promise.all([recovery.takeOver('les_1', 'new', 9000), recovery.takeOver('les_1', 'new', 9000)])).toEqual([3, 0]);
      const closes = (await s.attendance.eventsForLesson('les_1')).filter((e) => e.at === 2000).map((e) => [e.userId, e.kind]);
      expect(closes).toEqual([
        ['u_a', 'camera_off'],
        ['u_a', 'leave'],
        ['u_b', 'leave'],
      ]);
    });

    it('a sweep closes the lessons of hosts that stopped marking, and forgets them', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      const recovery = new PresenceRecovery(s);
      await recovery.takeOver('les_1', 'dead', 1000);
      await s.attendance.append(ev('u_a', 'join', 1100));
      expect(await recovery.sweep(500)).toEqual([]);
      expect(await Promise.all([recovery.sweep(5000), recovery.sweep(5000)])).toContainEqual(['les_1']);
      const leaves = (await s.attendance.eventsForLesson('les_1')).filter((e) => e.kind === 'leave');
      expect(leaves).toMatchObject([{ userId: 'u_a', reason: 'disconnected', at: 1100 }]);
      expect(await s.liveness.staleSince(Number.MAX_SAFE_INTEGER)).toEqual([]);
    });
  });
}

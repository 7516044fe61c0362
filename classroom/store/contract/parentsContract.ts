import { describe, expect, it } from 'vitest';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const H = 3_600_000;

export function parentsContract(target: ContractTarget): void {
  describe('ParentStore', () => {
    const ctx = useStorage(target);

    it('keeps a class’s announcements, newest first, up to the limit, text as written', async () => {
      const s = ctx.storage;
      const l = await seedLesson(s);
      const a = { schoolId: l.schoolId, classId: l.classId, authorId: 'u_t1', body: 'Dòng 1\nDòng 2 <b>x</b>' };
      await s.parents.addAnnouncement({ ...a, id: 'ann_1', title: 'Một', createdAt: 1 });
      await s.parents.addAnnouncement({ ...a, id: 'ann_2', title: 'Hai', createdAt: 3 });
      await s.parents.addAnnouncement({ ...a, id: 'ann_3', title: 'Ba', createdAt: 2 });
      expect((await s.parents.announcementsOf(l.classId, 2)).map((x) => x.title)).toEqual(['Hai', 'Ba']);
      expect((await s.parents.announcementsOf(l.classId, 10))[2]).toEqual({ ...a, id: 'ann_1', title: 'Một', createdAt: 1 });
      expect(await s.parents.announcementsOf('cls_other', 10)).toEqual([]);
    });

    it('reads one person’s joins and leaves of the given lessons, in order, and nothing else', async () => {
      const s = ctx.storage;
      const l = await seedLesson(s);
      await s.lessons.create({ ...l, id: 'les_2', scheduledStart: 12 * H, scheduledEnd: 13 * H });
      await s.attendance.appendMany([
        { lessonId: 'les_1', userId: 'u_s1', at: 10 * H + 5, kind: 'join' },
        { lessonId: 'les_1', userId: 'u_s1', at: 10 * H + 6, kind: 'mic_on' },
        { lessonId: 'les_1', userId: 'u_s2', at: 10 * H + 7, kind: 'join' },
        { lessonId: 'les_1', userId: 'u_s1', at: 10 * H + 9, kind: 'leave', reason: 'disconnected' },
        { lessonId: 'les_1', userId: 'u_s1', at: 10 * H + 9, kind: 'join' },
        { lessonId: 'les_2', userId: 'u_s1', at: 12 * H, kind: 'join' },
      ]);
      expect(await s.parents.presenceOf('u_s1', ['les_1'])).toEqual([
        { lessonId: 'les_1', at: 10 * H + 5, kind: 'join', reason: null },
        { lessonId: 'les_1', at: 10 * H + 9, kind: 'leave', reason: 'disconnected' },
        { lessonId: 'les_1', at: 10 * H + 9, kind: 'join', reason: null },
      ]);
      expect((await s.parents.presenceOf('u_s1', ['les_1', 'les_2'])).length).toBe(4);
      expect(await s.parents.presenceOf('u_s1', [])).toEqual([]);
    });
  });
}

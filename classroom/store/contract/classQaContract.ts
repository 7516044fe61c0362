import { describe, expect, it } from 'vitest';
import type { QaQuestion } from '../../classQa/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const question = (over: Partial<QaQuestion> & Pick<QaQuestion, 'id' | 'classId' | 'subjectId'>): QaQuestion => ({
  schoolId: 'sch_1', authorId: 'u_s1', body: 'Vì sao $x^2 \\ge 0$?', photoKey: null, photoType: null, createdAt: 1_000,
  acceptedAnswerId: null, answeredAt: null, answeredBy: null, hiddenAt: null, hiddenBy: null, lockedAt: null, lockedBy: null, ...over,
});

export function classQaContract(target: ContractTarget): void {
  describe('ClassQaStore', () => {
    const ctx = useStorage(target);

    it('lists a board’s questions newest first with their visible answers, hidden questions only when asked for', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.classQa.addQuestion(question({ id: 'q1', classId: ids.classA, subjectId: ids.math, createdAt: 1 }));
      await s.classQa.addQuestion(question({ id: 'q2', classId: ids.classA, subjectId: ids.math, createdAt: 2 }));
      await s.classQa.addQuestion(question({ id: 'q3', classId: ids.classB, subjectId: ids.math, createdAt: 3 }));
      await s.classQa.addQuestion(question({ id: 'q4', classId: ids.classA, subjectId: ids.physics, createdAt: 4 }));
      await s.classQa.addAnswer({ id: 'a1', questionId: 'q1', authorId: 'u_s2', body: 'Vì bình phương', createdAt: 5, hiddenAt: null, hiddenBy: null });
      await s.classQa.addAnswer({ id: 'a2', questionId: 'q1', authorId: 'u_t1', body: 'Đúng', createdAt: 7, hiddenAt: null, hiddenBy: null });
      await s.classQa.addAnswer({ id: 'a3', questionId: 'q1', authorId: 'u_s3', body: 'spam', createdAt: 9, hiddenAt: null, hiddenBy: null });
      await s.classQa.setAnswerHidden('a3', { at: 10, by: 'u_t1' });
      await s.classQa.setQuestionHidden('q2', { at: 11, by: 'u_t1' });
      const open = await s.classQa.questionsOf(ids.classA, ids.math, { includeHidden: false, limit: 10 });
      expect(open.map((r) => [r.question.id, r.answers, r.lastAnswerAt])).toEqual([['q1', 2, 7]]);
      expect(open[0]!.question).toEqual(question({ id: 'q1', classId: ids.classA, subjectId: ids.math, createdAt: 1 }));
      const all = await s.classQa.questionsOf(ids.classA, ids.math, { includeHidden: true, limit: 10 });
      expect(all.map((r) => [r.question.id, r.question.hiddenBy])).toEqual([['q2', 'u_t1'], ['q1', null]]);
      expect((await s.classQa.answersOf('q1')).map((a) => [a.id, a.hiddenAt])).toEqual([['a1', null], ['a2', null], ['a3', 10]]);
      expect(await s.classQa.countAskedSince('u_s1', 2)).toBe(3);
    });

    it('keeps the first answered time, the accepted answer, the lock and the photo', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.classQa.addQuestion(question({ id: 'q1', classId: ids.classA, subjectId: ids.math }));
      await s.classQa.markAnswered('q1', 20, 'u_t1');
      await s.classQa.markAnswered('q1', 30, 'u_t2');
      await s.classQa.setAccepted('q1', 'a9');
      await s.classQa.setLocked('q1', { at: 40, by: 'u_t1' });
      await s.classQa.setPhoto('q1', 'qa/AAAAAAAAAAAAAAAAAAAAAA', 'image/jpeg');
      expect(await s.classQa.getQuestion('q1')).toMatchObject({ answeredAt: 20, answeredBy: 'u_t1', acceptedAnswerId: 'a9', lockedAt: 40, lockedBy: 'u_t1', photoKey: 'qa/AAAAAAAAAAAAAAAAAAAAAA', photoType: 'image/jpeg' });
      await s.classQa.setLocked('q1', null);
      await s.classQa.setAccepted('q1', null);
      expect(await s.classQa.getQuestion('q1')).toMatchObject({ answeredAt: 20, acceptedAnswerId: null, lockedAt: null, lockedBy: null });
      expect(await s.classQa.getQuestion('nope')).toBeUndefined();
    });

    it('counts a person’s unread notifications and marks one thread’s read', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await s.classQa.addQuestion(question({ id: 'q1', classId: ids.classA, subjectId: ids.math }));
      await s.classQa.addQuestion(question({ id: 'q2', classId: ids.classA, subjectId: ids.math }));
      const n = (userId: string, questionId: string, at: number) => ({ userId, questionId, kind: 'answered' as const, actorId: 'u_t1', at, readAt: null });
      await s.classQa.notify([n('u_s1', 'q1', 1), n('u_s1', 'q1', 2), n('u_s1', 'q2', 3), n('u_s2', 'q1', 4)]);
      expect(await s.classQa.unreadCount('u_s1')).toBe(3);
      expect((await s.classQa.notificationsOf('u_s1', 2)).map((x) => [x.questionId, x.at])).toEqual([['q2', 3], ['q1', 2]]);
      await s.classQa.markRead('u_s1', 'q1', 50);
      expect(await s.classQa.unreadCount('u_s1')).toBe(1);
      expect(await s.classQa.unreadCount('u_s2')).toBe(1);
      expect((await s.classQa.notificationsOf('u_s1', 10)).map((x) => x.readAt)).toEqual([null, 50, 50]);
    });
  
    it('statistics: counts questions answered in the period, live per lesson teacher and the board’s per answering teacher', async () => {
      const s = ctx.storage;
      const l = await seedLesson(s);
      await s.accounts.create(account({ id: 'u_t2', role: 'teacher', code: '079000000002' }));
      await s.lessons.create({ ...l, id: 'les_2', teacherId: 'u_t2' });
      const live = (id: string, lessonId: string, answeredAt: number | null) =>
        s.lessonQuestions.save({ id, lessonId, authorId: 'p1', authorUserId: 'u_s1', authorName: 'An', text: 'Hỏi', hiddenFromClassmates: false, upvoters: [], answeredAt, askedAt: 1 });
      await live('lq1', 'les_1', 10);
      await live('lq2', 'les_1', 20);
      await live('lq3', 'les_1', null); // never answered
      await live('lq4', 'les_2', 500); // outside the period
      await live('lq5', 'les_2', 30);
      await s.classQa.addQuestion(question({ id: 'q1', classId: l.classId, subjectId: l.subjectId, answeredAt: 40, answeredBy: 'u_t1' }));
      await s.classQa.addQuestion(question({ id: 'q2', classId: l.classId, subjectId: l.subjectId }));
      await s.classQa.addQuestion(question({ id: 'q3', classId: l.classId, subjectId: l.subjectId, answeredAt: 50, answeredBy: 'u_t2' }));
      const sorted = <T extends { teacherId: string }>(x: T[]) => x.sort((a, b) => a.teacherId.localeCompare(b.teacherId));
      expect(sorted(await s.statistics.questionFacts({ kind: 'school', schoolId: l.schoolId }, 0, 100))).toEqual([
        { classId: l.classId, subjectId: l.subjectId, teacherId: 'u_t1', live: 2, async: 1 },
        { classId: l.classId, subjectId: l.subjectId, teacherId: 'u_t2', live: 1, async: 1 },
      ]);
      expect(await s.statistics.questionFacts({ kind: 'teacher', schoolId: l.schoolId, teacherId: 'u_t2' }, 45, 1000)).toEqual([
        { classId: l.classId, subjectId: l.subjectId, teacherId: 'u_t2', live: 1, async: 1 },
      ]);
      expect(await s.statistics.questionFacts({ kind: 'school', schoolId: 'sch_other' }, 0, 1000)).toEqual([]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../platform/index.js';
import { SINGLE, TRUE_FALSE } from '../../__fixtures__/questions.js';
import type { StoredLiveAnswer, StoredLiveQuiz } from '../../liveQuiz/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const quiz = (over: Partial<StoredLiveQuiz> = {}): StoredLiveQuiz => ({
  id: 'lq_1',
  lessonId: 'les_1',
  teacherId: 'u_t1',
  targetGroupId: '*',
  ref: { questionId: 'q1', version: 3 },
  body: SINGLE.body,
  key: SINGLE.key,
  startedAt: 1_000,
  closesAt: 31_000,
  closedAt: null,
  revealedAt: null,
  endedAt: null,
  ...over,
});

const answer = (userId: string, over: Partial<StoredLiveAnswer> = {}): StoredLiveAnswer => ({
  quizId: 'lq_1',
  lessonId: 'les_1',
  userId,
  groupId: '',
  answer: { kind: 'single_choice', choice: 'B' },
  outcome: 'correct',
  answeredAt: 2_000,
  ...over,
});

export function liveQuizContract(target: ContractTarget): void {
  describe('LiveQuizStore', () => {
    const ctx = useStorage(target);

    it('keeps a quiz whole (body, key, bank version) and a poll without key; closes and reveals once', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.liveQuiz.saveQuiz(quiz());
      const poll = quiz({ id: 'lq_2', ref: null, key: null, body: TRUE_FALSE.body, targetGroupId: 'g_1', startedAt: 5_000 });
      await s.liveQuiz.saveQuiz(poll);
      await s.liveQuiz.markClosed('lq_1', 20_000);
      await s.liveQuiz.markClosed('lq_1', 25_000);
      await s.liveQuiz.markRevealed('lq_1', 26_000);
      await s.liveQuiz.markEnded('lq_1', 30_000);
      await s.liveQuiz.markEnded('lq_1', 31_000);
      expect(await s.liveQuiz.quizzesOfLesson('les_1')).toEqual([quiz({ closedAt: 20_000, revealedAt: 26_000, endedAt: 30_000 }), poll]);
    });

    it('stores a burst of answers in one go; a second answer of a student refuses its whole batch', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.liveQuiz.saveQuiz(quiz());
      const burst = Array.from({ length: 450 }, (_, i) => answer(`u_${i}`, { answeredAt: 2_000 + i, outcome: i % 3 === 0 ? 'incorrect' : 'correct' }));
      await s.liveQuiz.saveAnswers(burst);
      const again = [answer('u_new'), answer('u_1', { answer: { kind: 'single_choice', choice: 'A' } })];
      await expect(s.liveQuiz.saveAnswers(again)).rejects.toBeInstanceOf(ConflictError);
      const stored = await s.liveQuiz.answersOf('lq_1');
      expect(stored).toHaveLength(450);
      expect(stored.find((a) => a.userId === 'u_1')?.answer).toEqual({ kind: 'single_choice', choice: 'B' });
      expect(stored.some((a) => a.userId === 'u_new')).toBe(false);
    });

    it('counts each student\'s answers and right answers per lesson (the attendance table\'s R8 columns)', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.liveQuiz.saveQuiz(quiz());
      await s.liveQuiz.saveQuiz(quiz({ id: 'lq_2', startedAt: 40_000 }));
      await s.liveQuiz.saveAnswers([answer('u_a'), answer('u_b', { outcome: 'incorrect' }), answer('u_a', { quizId: 'lq_2', outcome: 'partial' })]);
      expect(await s.liveQuiz.participationOf('les_1')).toEqual([
        { userId: 'u_a', answers: 2, correct: 1 },
        { userId: 'u_b', answers: 1, correct: 0 },
      ]);
      expect((await s.liveQuiz.answersOfUser('u_a')).map((a) => a.quizId)).toEqual(['lq_1', 'lq_2']);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { LessonQuestion } from '../../questions/index.js';
import { useStorage, type ContractTarget } from './target.js';

const question = (over: Partial<LessonQuestion> = {}): LessonQuestion => ({
  id: 'lq_1',
  lessonId: 'les_1',
  authorId: 'p_1',
  authorUserId: 'u_s1',
  authorName: 'Nguyễn Văn An',
  text: 'Vì sao $x^2 \\ge 0$?',
  hiddenFromClassmates: false,
  upvoters: [],
  answeredAt: null,
  askedAt: 2_000,
  ...over,
});

/** The questions panel of live lessons (R13): kept with the lesson, read back by the lesson's next room. */
export function lessonQuestionsContract(target: ContractTarget): void {
  describe('LessonQuestionStore', () => {
    const ctx = useStorage(target);

    it('keeps each question of a lesson as asked, oldest first, and no other lesson’s', async () => {
      const s = ctx.storage.lessonQuestions;
      const later = question({ id: 'lq_2', authorId: 'p_2', authorUserId: '', authorName: 'Khách', text: 'Em hỏi riêng cô ạ', hiddenFromClassmates: true, askedAt: 3_000 });
      await s.save(later);
      await s.save(question());
      await s.save(question({ id: 'lq_3', lessonId: 'les_2', askedAt: 1_000 }));
      expect(await s.ofLesson('les_1')).toEqual([question(), later]);
      expect(await s.ofLesson('les_9')).toEqual([]);
    });

    it('saving again changes the upvotes and the answered time only: the text and the asker stay as asked', async () => {
      const s = ctx.storage.lessonQuestions;
      await s.save(question());
      await s.save(question({ text: 'đã sửa', authorName: 'Người khác', hiddenFromClassmates: true, upvoters: ['u_s2', 'p_9'], answeredAt: 5_000 }));
      expect(await s.ofLesson('les_1')).toEqual([question({ upvoters: ['u_s2', 'p_9'], answeredAt: 5_000 })]);
    });
  });
}

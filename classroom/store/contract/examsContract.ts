import { describe, expect, it } from 'vitest';
import type { Attempt, Exam } from '../../exams/index.js';
import type { Storage } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

/** School sch_1 with teacher t1, students s1 and s2, one exam of class 10A1. */
async function seedExam(s: Storage): Promise<Exam> {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 't1', role: 'teacher', code: '0791000001' }));
  await s.accounts.create(account({ id: 's1', role: 'student', code: '0791000101' }));
  await s.accounts.create(account({ id: 's2', role: 'student', code: '0791000102' }));
  const exam: Exam = {
    id: 'e1', schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, teacherId: 't1', lessonId: null, mode: 'exam', title: 'Kiểm tra “giữa kỳ” Toán',
    opensAt: 1_000, closesAt: 100_000, timeLimitMs: 45 * 60_000, attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: false, releasePolicy: 'manual', releasedAt: null,
    scheme: { id: 'simple', name: 'Đơn giản', parts: [{ id: 'I', label: 'Phần I', kinds: ['single_choice'], rule: { type: 'all_or_nothing', points: 0.25 } }] },
    questions: [{ questionId: 'q1', version: 2, partId: 'I', points: 0.25, section: 'I' }], createdAt: 1, updatedAt: 1,
  };
  await s.exams.createExam(exam);
  return exam;
}

const attempt = (over: Partial<Attempt> = {}): Attempt => ({
  id: 'a1', examId: 'e1', studentId: 's1', number: 1, seed: 'abc', startedAt: 2_000, deadlineAt: 10_000, status: 'in_progress', finishedAt: null, clientId: 'tab', ip: '10.0.0.1', result: null, feedback: '', ...over,
});

export function examsContract(target: ContractTarget): void {
  describe('ExamStore', () => {
    const ctx = useStorage(target);

    it('stores an exam and an attempt and reads them back whole', async () => {
      const s = ctx.storage;
      const exam = await seedExam(s);
      expect(await s.exams.getExam('e1')).toEqual(exam);
      expect(await s.exams.examsOfClasses(['cls_10a1', 'nope'])).toEqual([exam]);
      await s.exams.createAttempt(attempt());
      expect(await s.exams.getAttempt('a1')).toEqual(attempt());
      expect(await s.exams.attemptsOfStudent('s1', { from: 2_000, to: 2_001 })).toEqual([attempt()]);
    });

    it('touchOpen passes only an in-progress attempt before its deadline, and records the writer', async () => {
      const s = ctx.storage;
      await seedExam(s);
      await s.exams.createAttempt(attempt());
      expect(await s.exams.touchOpen('a1', 9_999, { clientId: 'phone', ip: '10.0.0.2' })).toBe(true);
      expect(await s.exams.getAttempt('a1')).toMatchObject({ clientId: 'phone', ip: '10.0.0.2' });
      expect(await s.exams.touchOpen('a1', 10_000, { clientId: 'x', ip: 'y' })).toBe(false);
      expect((await s.exams.expiredAttempts(10_000, 10)).map((a) => a.id)).toEqual(['a1']);
      expect(await s.exams.setAttemptState('a1', 'in_progress', { status: 'closed_by_deadline', deadlineAt: 10_000, finishedAt: 10_000, result: { points: 0.25, maxPoints: 0.25, score10: 10 } })).toBe(true);
      expect(await s.exams.setAttemptState('a1', 'in_progress', { status: 'submitted', deadlineAt: 10_000, finishedAt: 10_001, result: null })).toBe(false);
      expect(await s.exams.touchOpen('a1', 5_000, { clientId: 'x', ip: 'y' })).toBe(false);
      expect((await s.exams.getAttempt('a1'))!.result).toEqual({ points: 0.25, maxPoints: 0.25, score10: 10 });
    });

    it('stores a result as given and reads an older two-decimal total on the one-decimal scale', async () => {
      const s = ctx.storage;
      await seedExam(s);
      await s.exams.createAttempt(attempt());
      await s.exams.setResult('a1', { points: 1.29, maxPoints: 2, score10: 6.5 });
      expect((await s.exams.getAttempt('a1'))!.result).toEqual({ points: 1.29, maxPoints: 2, score10: 6.5 });
      // Written by session 3's code: 1.29 / 2 kept to two decimals, 6.45; Circular 22 makes it 6.5.
      await s.db.run('UPDATE exam_attempts SET result = ? WHERE id = ?', [JSON.stringify({ points: 1.289, maxPoints: 2, score10: 6.45 }), 'a1']);
      expect((await s.exams.getAttempt('a1'))!.result).toEqual({ points: 1.289, maxPoints: 2, score10: 6.4 });
      expect((await s.exams.attemptsOf('e1'))[0]!.result!.score10).toBe(6.4);
      await s.db.run('UPDATE exam_attempts SET result = ? WHERE id = ?', [JSON.stringify({ points: null, maxPoints: 2, score10: null }), 'a1']);
      expect((await s.exams.getAttempt('a1'))!.result).toEqual({ points: null, maxPoints: 2, score10: null });
    });

    it('keeps the newest answer of each question by seq; counts answered questions per attempt', async () => {
      const s = ctx.storage;
      await seedExam(s);
      await s.exams.createAttempt(attempt());
      expect(await s.exams.putAnswer('a1', { questionId: 'q1', answer: { kind: 'single_choice', choice: 'B' }, seq: 2, savedAt: 3_000 })).toBe(true);
      expect(await s.exams.putAnswer('a1', { questionId: 'q1', answer: { kind: 'single_choice', choice: 'A' }, seq: 1, savedAt: 3_001 })).toBe(false);
      expect(await s.exams.putAnswer('a1', { questionId: 'q2', answer: { kind: 'essay', text: 'Tiếng Việt có dấu' }, seq: 1, savedAt: 3_002 })).toBe(true);
      expect(await s.exams.answersOf('a1')).toEqual([
        { questionId: 'q1', answer: { kind: 'single_choice', choice: 'B' }, seq: 2, savedAt: 3_000 },
        { questionId: 'q2', answer: { kind: 'essay', text: 'Tiếng Việt có dấu' }, seq: 1, savedAt: 3_002 },
      ]);
      expect(await s.exams.answeredCounts('e1')).toEqual(new Map([['a1', 2]]));
    });

    it('appends events in order and filters them by attempt, kind and position', async () => {
      const s = ctx.storage;
      await seedExam(s);
      const base = { examId: 'e1', attemptId: 'a1', studentId: 's1', actorId: 's1', at: 5, clientId: 'tab', ip: '10.0.0.1' };
      await s.exams.addEvent({ ...base, kind: 'start', data: {} });
      await s.exams.addEvent({ ...base, kind: 'page_hidden', data: { detail: 'x' } });
      await s.exams.addEvent({ ...base, attemptId: null, studentId: null, actorId: 't1', kind: 'release', data: {} });
      const all = await s.exams.eventsOf('e1');
      expect(all.map((e) => e.kind)).toEqual(['start', 'page_hidden', 'release']);
      expect((await s.exams.eventsOf('e1', { kinds: ['page_hidden'] }))[0]).toMatchObject({ data: { detail: 'x' }, ip: '10.0.0.1' });
      expect((await s.exams.eventsOf('e1', { afterId: all[1]!.id })).map((e) => e.kind)).toEqual(['release']);
      expect((await s.exams.eventsOf('e1', { attemptId: 'a1' })).length).toBe(2);
    });
  });
}

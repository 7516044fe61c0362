import { describe, expect, it } from 'vitest';
import type { AttemptResult, ItemResult } from '../assessment/index.js';
import type { Exam } from './ExamTypes.js';
import { questionStatistics } from './statistics.js';

const exam = { questions: [{ questionId: 'q1', version: 1, partId: 'I', points: 1, section: 'I' }, { questionId: 'q2', version: 1, partId: 'I', points: 1, section: 'I' }] } as Pick<Exam, 'questions'> as Exam;
const kinds = new Map([['q1', 'single_choice' as const], ['q2', 'single_choice' as const]]);

function item(questionId: string, choice: string | null, right: boolean): ItemResult {
  return { questionId, version: 1, kind: 'single_choice', position: 0, partId: 'I', answer: choice === null ? null : { kind: 'single_choice', choice }, grade: { outcome: right ? 'correct' : choice === null ? 'unanswered' : 'incorrect', points: right ? 1 : 0, maxPoints: 1, detail: {} }, manual: null };
}

/** A paper: q1 right for the strong students only (it discriminates), q2 right for everyone. */
function paper(n: number, strong: boolean): AttemptResult {
  const items = [item('q1', strong ? 'B' : 'C', strong), item('q2', 'A', true)];
  const points = items.reduce((s, i) => s + (i.grade.points ?? 0), 0);
  return { attemptId: `a${n}`, assessmentId: 'e', studentId: `s${n}`, status: 'graded', startedAt: 0, finishedAt: 1, paperSeed: 's', points, maxPoints: 2, score10: points * 5, feedback: '', items };
}

describe('question statistics', () => {
  it('share right, distractor choices and the upper–lower 27 % discrimination', () => {
    const attempts = Array.from({ length: 20 }, (_, n) => paper(n, n < 10));
    const [q1, q2] = questionStatistics(exam, kinds, attempts);
    expect(q1).toMatchObject({ kind: 'single_choice', attempts: 20, answered: 20, shareCorrect: 0.5, meanShare: 0.5, choiceCounts: { B: 10, C: 10 }, discrimination: 1 });
    expect(q2).toMatchObject({ shareCorrect: 1, discrimination: 0 });
  });

  it('no discrimination index under 10 graded papers', () => {
    expect(questionStatistics(exam, kinds, [paper(1, true), paper(2, false)])[0]!.discrimination).toBeNull();
  });
});

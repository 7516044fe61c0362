import { describe, expect, it } from 'vitest';
import { assessmentOf, attemptOf, MemoryAssessmentResults } from '../__fixtures__/assessmentResults.js';
import { NO_RESULTS, resultSourceFrom, score10ToTenths } from './ResultSource.js';

const NOW = 1_000;
const YEAR = { from: 0, to: 10_000 };

function source() {
  const results = new MemoryAssessmentResults(
    [
      assessmentOf('q_done', { releasedAt: 500 }),
      assessmentOf('q_later', { releasedAt: 5_000 }), // release scheduled after "now"
      assessmentOf('q_held', { releasedAt: null }),
      assessmentOf('q_physics', { subjectId: 'sub_ly', releasedAt: 10 }),
    ],
    [
      attemptOf('q_done', 'u_a', 6.5, { finishedAt: 30 }),
      attemptOf('q_done', 'u_a', 7.25, { finishedAt: 20 }), // a second attempt, better: the best counts
      attemptOf('q_done', 'u_b', 7.24),
      attemptOf('q_done', 'u_c', null), // awaits a person's grading
      attemptOf('q_done', 'u_d', null, { status: 'in_progress', finishedAt: null }),
      attemptOf('q_later', 'u_a', 9),
      attemptOf('q_held', 'u_a', 10),
      attemptOf('q_physics', 'u_a', 8, { finishedAt: 5 }),
    ],
    () => NOW,
  );
  return resultSourceFrom(results, { now: () => NOW });
}

describe('ResultSource over the assessment feature’s results', () => {
  it('turns a 10-point score with two decimals into tenths, half up, exactly', () => {
    expect([7.25, 7.24, 7.35, 0, 10, 9.95, 0.05].map(score10ToTenths)).toEqual([73, 72, 74, 0, 100, 100, 1]);
  });

  it('lists only released quizzes and exams of the class and subject', async () => {
    expect((await source().assessmentsOf('cls_10a1', 'sub_toan', YEAR)).map((a) => a.assessmentId)).toEqual(['q_done']);
    expect(await source().assessmentsOf('cls_10a2', 'sub_toan', YEAR)).toEqual([]);
  });

  it('gives each student’s best finished score in tenths; nothing for an unreleased assessment', async () => {
    const found = await source().scoresOf('q_done');
    expect(Object.fromEntries(found!.tenths)).toEqual({ u_a: 73, u_b: 72 });
    expect(await source().scoresOf('q_later')).toBeUndefined();
    expect(await source().scoresOf('q_held')).toBeUndefined();
    expect(await source().scoresOf('nope')).toBeUndefined();
  });

  it('gives a student their released scores, oldest first, with title and subject', async () => {
    expect(await source().releasedScoresOf('u_a', YEAR)).toEqual([
      { assessmentId: 'q_physics', title: 'Kiểm tra q_physics', subjectId: 'sub_ly', score10: 8, finishedAt: 5 },
      { assessmentId: 'q_done', title: 'Kiểm tra q_done', subjectId: 'sub_toan', score10: 7.25, finishedAt: 20 },
      { assessmentId: 'q_done', title: 'Kiểm tra q_done', subjectId: 'sub_toan', score10: 6.5, finishedAt: 30 },
    ]);
  });

  it('without a quiz/exam feature there is nothing', async () => {
    expect([await NO_RESULTS.assessmentsOf('c', 's', YEAR), await NO_RESULTS.scoresOf('q'), await NO_RESULTS.releasedScoresOf('u', YEAR)]).toEqual([[], undefined, []]);
  });
});

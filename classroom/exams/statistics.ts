/**
 * Per-question statistics of an exam (R15): share right, mean share of points, how often each
 * option was chosen (the distractors' pull), and discrimination as the upper–lower 27 % index
 * (share right among the best 27 % of papers minus among the weakest 27 %), the classroom
 * measure Vietnamese test-analysis guides use; null with fewer than 10 graded papers.
 */
import type { AttemptResult, ItemResult, QuestionKind, QuestionStatistics } from '../assessment/index.js';
import type { Exam } from './ExamTypes.js';

const MIN_FOR_DISCRIMINATION = 10;

const pointsOf = (i: ItemResult) => (i.manual ? i.manual.points : i.grade.points);

export function questionStatistics(exam: Exam, kinds: ReadonlyMap<string, QuestionKind>, attempts: readonly AttemptResult[]): QuestionStatistics[] {
  const graded = attempts.filter((a) => a.items && a.points !== null);
  const ranked = [...graded].sort((x, y) => (y.points ?? 0) - (x.points ?? 0));
  const k = Math.round(ranked.length * 0.27);
  const upper = new Set(ranked.slice(0, k).map((a) => a.attemptId));
  const lower = new Set(ranked.slice(ranked.length - k).map((a) => a.attemptId));
  return exam.questions.map((ref) => {
    const items = attempts.flatMap((a) => (a.items ?? []).filter((i) => i.questionId === ref.questionId).map((i) => ({ attemptId: a.attemptId, i })));
    const full = (i: ItemResult) => pointsOf(i) !== null && pointsOf(i)! >= i.grade.maxPoints;
    const choiceCounts: Record<string, number> = {};
    let answered = 0;
    let sumShare = 0;
    let right = 0;
    for (const { i } of items) {
      if (i.answer) answered++;
      if (full(i)) right++;
      const p = pointsOf(i);
      if (p !== null && i.grade.maxPoints > 0) sumShare += p / i.grade.maxPoints;
      if (i.answer?.kind === 'single_choice' && i.answer.choice) choiceCounts[i.answer.choice] = (choiceCounts[i.answer.choice] ?? 0) + 1;
      if (i.answer?.kind === 'multiple_choice') for (const c of i.answer.choices) choiceCounts[c] = (choiceCounts[c] ?? 0) + 1;
    }
    const shareIn = (group: Set<string>) => items.filter(({ attemptId, i }) => group.has(attemptId) && full(i)).length / Math.max(1, group.size);
    const n = items.length;
    return {
      questionId: ref.questionId,
      version: ref.version,
      kind: kinds.get(ref.questionId)!,
      attempts: n,
      answered,
      shareCorrect: n === 0 ? 0 : right / n,
      meanShare: n === 0 ? 0 : sumShare / n,
      choiceCounts,
      discrimination: graded.length < MIN_FOR_DISCRIMINATION || k === 0 ? null : Math.round((shareIn(upper) - shareIn(lower)) * 1000) / 1000,
    };
  });
}

/**
 * A student's paper and its grading, pure: the same exam, versions, seed and answers give the
 * same paper and the same points forever (a regrade reproduces each student's paper).
 */
import {
  grade,
  paperFor,
  paperItemOf,
  roundPoints,
  studentBody,
  sumPoints,
  paperScore10,
  type Answer,
  type ItemResult,
  type Question,
  type QuestionBody,
} from '../assessment/index.js';
import type { AttemptScore, Exam, ManualItemGrade, SavedAnswer } from './ExamTypes.js';

/** Question versions of an exam by "questionId@version". */
export type VersionMap = ReadonlyMap<string, Question>;
export const versionKey = (questionId: string, version: number) => `${questionId}@${version}`;

/** One question as the student sees it: the body only, options in the paper's order. */
export interface PaperQuestion {
  questionId: string;
  position: number;
  partId: string;
  points: number;
  body: QuestionBody;
}

function questionOf(exam: Exam, versions: VersionMap, questionId: string): Question {
  const ref = exam.questions.find((q) => q.questionId === questionId);
  const q = ref && versions.get(versionKey(ref.questionId, ref.version));
  if (!ref || !q) throw new Error(`exam ${exam.id}: question ${questionId} has no stored version`);
  return q;
}

/** The order of questions and options of `seed`'s paper. */
export function layoutOf(exam: Exam, versions: VersionMap, seed: string) {
  const items = exam.questions.map((ref) => paperItemOf(ref.questionId, questionOf(exam, versions, ref.questionId).body, ref.section));
  return paperFor(seed, items, { shuffleQuestions: exam.shuffleQuestions, shuffleOptions: exam.shuffleOptions });
}

/** The student's paper: bodies only (never a key), in the seed's order. */
export function studentPaper(exam: Exam, versions: VersionMap, seed: string): PaperQuestion[] {
  const layout = layoutOf(exam, versions, seed);
  return layout.questionIds.map((questionId, position) => {
    const ref = exam.questions.find((q) => q.questionId === questionId)!;
    const body = studentBody(questionOf(exam, versions, questionId));
    const order = layout.itemOrder[questionId];
    if (order && (body.kind === 'single_choice' || body.kind === 'multiple_choice')) {
      body.options = order.map((id) => body.options.find((o) => o.id === id)!);
    } else if (order && body.kind === 'true_false') {
      body.statements = order.map((id) => body.statements.find((s) => s.id === id)!);
    }
    return { questionId, position, partId: ref.partId, points: ref.points, body };
  });
}

export function maxPointsOf(exam: Pick<Exam, 'questions'>): number {
  return sumPoints(exam.questions.map((q) => q.points));
}

/** Grades every question of an attempt; manual grades win over automatic ones. */
export function gradeAttempt(
  exam: Exam,
  versions: VersionMap,
  seed: string,
  answers: readonly SavedAnswer[],
  manual: readonly ManualItemGrade[],
): { items: ItemResult[]; score: AttemptScore } {
  const layout = layoutOf(exam, versions, seed);
  const given = new Map<string, Answer>(answers.map((a) => [a.questionId, a.answer]));
  const byHand = new Map(manual.map((m) => [m.questionId, m]));
  const items: ItemResult[] = layout.questionIds.map((questionId, position) => {
    const ref = exam.questions.find((q) => q.questionId === questionId)!;
    const answer = given.get(questionId) ?? null;
    const question = questionOf(exam, versions, questionId);
    const g = grade(question, answer, exam.scheme, { partId: ref.partId, points: ref.points });
    const m = byHand.get(questionId);
    return {
      questionId,
      version: ref.version,
      kind: question.body.kind,
      position,
      partId: ref.partId,
      answer,
      grade: g,
      manual: m ? { points: m.points, feedback: m.feedback, gradedBy: m.gradedBy, gradedAt: m.gradedAt } : null,
    };
  });
  const maxPoints = maxPointsOf(exam);
  const each = items.map((i) => (i.manual ? i.manual.points : i.grade.points));
  const pending = each.some((p) => p === null);
  const points = pending ? null : roundPoints(sumPoints(each as number[]));
  return { items, score: { points, maxPoints, score10: points === null || maxPoints === 0 ? null : paperScore10(points, maxPoints) } };
}

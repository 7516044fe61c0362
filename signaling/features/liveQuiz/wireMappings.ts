/** The live quiz's domain values on the wire (proto/classroom/v1/live_quiz.proto), both ways; unknown enum values are refused. */
import type { AnsweredEntry, Answer, AnswerKey, GradeOutcome, LiveQuizView, QuestionBody, QuizTally, TeacherQuizView } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import { classroom } from '../../../proto/index.js';
import { WIRE_LIMITS as W } from '../../codec/limits.js';
import { mapping } from '../../codec/enums.js';
import { list, text } from '../../codec/wire.js';

import pb = classroom.v1;

/** Sizes of an answer on the wire (the domain checks them against the question too). */
export const ANSWER_WIRE = { itemIdChars: 16, choices: 10, statements: 8, textChars: 200 } as const;

type LiveKind = Exclude<QuestionBody['kind'], 'essay'>;

export const liveKinds = mapping<LiveKind>([
  ['single_choice', pb.LiveQuestionKind.LIVE_QUESTION_KIND_SINGLE_CHOICE],
  ['multiple_choice', pb.LiveQuestionKind.LIVE_QUESTION_KIND_MULTIPLE_CHOICE],
  ['true_false', pb.LiveQuestionKind.LIVE_QUESTION_KIND_TRUE_FALSE],
  ['numeric', pb.LiveQuestionKind.LIVE_QUESTION_KIND_NUMERIC],
  ['short_text', pb.LiveQuestionKind.LIVE_QUESTION_KIND_SHORT_TEXT],
]);

export const outcomes = mapping<GradeOutcome | 'poll'>([
  ['correct', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_CORRECT],
  ['partial', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_PARTIAL],
  ['incorrect', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_INCORRECT],
  ['unanswered', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_UNANSWERED],
  ['pending_manual', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_PENDING],
  ['poll', pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_POLL],
]);

function bodyToProto(b: QuestionBody): pb.LiveQuestionBody.$Properties {
  // An essay is never put live (the domain refuses it before anything is told).
  if (b.kind === 'essay') throw new Error('essay questions are not live');
  const items = (xs: ReadonlyArray<{ id: string; text: string }>) => xs.map((x) => ({ id: x.id, text: x.text }));
  return {
    kind: liveKinds.toWire(b.kind),
    stem: b.stem,
    options: b.kind === 'single_choice' || b.kind === 'multiple_choice' ? items(b.options) : [],
    statements: b.kind === 'true_false' ? items(b.statements) : [],
    unit: b.kind === 'numeric' ? b.unit : '',
  };
}

export function keyToProto(k: AnswerKey | null): pb.LiveQuestionKey.$Properties | null {
  if (!k) return null;
  return {
    correct: k.kind === 'single_choice' ? [k.correct] : k.kind === 'multiple_choice' ? [...k.correct] : [],
    truths: k.kind === 'true_false' ? Object.entries(k.truths).map(([statementId, value]) => ({ statementId, value })) : [],
    numbers: k.kind === 'numeric' ? k.answers.map((a) => ({ value: a.value, tolerance: a.tolerance })) : [],
    accepted: k.kind === 'short_text' ? [...k.accepted] : [],
    explanation: k.explanation,
  };
}

export function tallyToProto(t: QuizTally): pb.LiveQuizTally.$Properties {
  const { buckets, ...counts } = t;
  return { ...counts, buckets: Object.entries(buckets).map(([key, count]) => ({ key, count })) };
}

export const groupTallyToProto = (g: { groupId: string; tally: QuizTally }): pb.LiveGroupTally.$Properties => ({ groupId: g.groupId, tally: tallyToProto(g.tally) });

export const entryToProto = (e: AnsweredEntry): pb.LiveAnsweredEntry.$Properties => ({
  participantId: e.participantId,
  userId: e.userId,
  groupId: e.groupId,
  outcome: outcomes.toWire(e.outcome),
  atMs: e.atMs,
});

/** A student's view: never the key nor the tally (the type has neither). */
export function studentQuizToProto(q: LiveQuizView): pb.LiveQuiz.$Properties {
  return {
    id: q.id,
    body: bodyToProto(q.body),
    poll: q.poll,
    targetGroupId: q.targetGroupId,
    startedAtMs: q.startedAtMs,
    closesAtMs: q.closesAtMs,
    closedAtMs: q.closedAtMs,
    revealedAtMs: q.revealedAtMs,
  };
}

export function teacherQuizToProto(q: TeacherQuizView): pb.LiveQuiz.$Properties {
  return {
    ...studentQuizToProto(q),
    key: keyToProto(q.key),
    tally: tallyToProto(q.tally),
    byGroup: q.byGroup.map(groupTallyToProto),
    answers: q.answers.map(entryToProto),
  };
}

/** Whether a snapshot's quiz is the teacher's view (it carries the tally). */
export function isTeacherView(q: LiveQuizView | TeacherQuizView): q is TeacherQuizView {
  return 'tally' in q;
}

export function answerToProto(a: Answer): pb.LiveAnswer.$Properties {
  if (a.kind === 'essay') throw new Error('essay answers are not live');
  return {
    kind: liveKinds.toWire(a.kind),
    choice: a.kind === 'single_choice' ? (a.choice ?? '') : '',
    choices: a.kind === 'multiple_choice' ? [...a.choices] : [],
    values: a.kind === 'true_false' ? Object.entries(a.values).map(([statementId, value]) => ({ statementId, value })) : [],
    text: a.kind === 'numeric' || a.kind === 'short_text' ? a.text : '',
  };
}

/** Wire -> domain: sizes checked here, ids against the question by the domain. */
export function answerFromProto(p: pb.ILiveAnswer | null | undefined): Answer {
  if (!p) throw new ValidationError('answer is missing');
  const kind = liveKinds.fromWire(p.kind, 'answer.kind');
  const id = (v: string | null | undefined, field: string) => text(v, field, ANSWER_WIRE.itemIdChars);
  switch (kind) {
    case 'single_choice':
      return { kind, choice: id(p.choice, 'answer.choice') || null };
    case 'multiple_choice':
      return { kind, choices: list(p.choices, 'answer.choices', ANSWER_WIRE.choices).map((c) => id(c, 'answer.choices')) };
    case 'true_false': {
      const values: Record<string, boolean> = {};
      for (const v of list(p.values, 'answer.values', ANSWER_WIRE.statements)) values[id(v.statementId, 'answer.values.statement_id')] = v.value === true;
      return { kind, values };
    }
    default:
      return { kind, text: text(p.text, 'answer.text', ANSWER_WIRE.textChars) };
  }
}

export const quizId = (v: string | null | undefined) => text(v, 'quiz_id', W.idChars);

/**
 * Pure grading: (question, answer, rule) → points. No clock, no storage, no randomness: a
 * regrade with the same question version, answer and scheme gives the same result forever.
 */
import { ValidationError } from '../../platform/index.js';
import { parseDecimal, withinTolerance } from './decimal.js';
import type { GradeDetail, GradeOutcome, GradeResult } from './GradeTypes.js';
import type { Answer, Question, QuestionOf } from './QuestionTypes.js';
import { partFor } from './schemes.js';
import type { ScoringRule, ScoringScheme } from './ScoringTypes.js';
import { matchAccepted } from './textMatch.js';

/** Points are kept to thousandths: 0.1 + 0.25 + … add up without binary noise. */
export function roundPoints(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Sum of points, exact to thousandths. */
export function sumPoints(values: Iterable<number>): number {
  let milli = 0;
  for (const v of values) milli += Math.round(v * 1000);
  return milli / 1000;
}

/**
 * A paper's total on the 10-point scale, to one decimal, rounded half up as Circular 22 rounds
 * (issue 7: "score 0–10 with one decimal"): the number stored with the attempt and shown to the
 * student, the teacher, the gradebook and the data export. Computed exactly on thousandths of a
 * point (the points' own precision), never on a float quotient: 1.13 of 2 is 5.65 → 5.7, whereas
 * 1.13 / 2 * 10 is 5.6499… in binary. Clamped to 0–10.
 */
export function paperScore10(points: number, maxPoints: number): number {
  const p = Math.round(points * 1000);
  const m = Math.round(maxPoints * 1000);
  if (m <= 0) return 0;
  // score10 × 10 = p / m × 100 tenths; half up: ⌊(2·100p + m) / 2m⌋, all integers.
  const tenths = Math.floor((200 * p + m) / (2 * m));
  return Math.min(100, Math.max(0, tenths)) / 10;
}

/** Points on the 10-point scale of Vietnamese schools, to `decimals` places (default 2). */
export function toTenPointScale(points: number, maxPoints: number, decimals = 2): number {
  if (maxPoints <= 0) return 0;
  const f = 10 ** decimals;
  return Math.round(((points / maxPoints) * 10 + Number.EPSILON) * f) / f;
}

export interface GradeOptions {
  /** The scheme part to grade by; default the part that holds the question's kind. */
  partId?: string;
  /** This question's worth when a paper weighs it differently: the rule is scaled to it. */
  points?: number;
}

/**
 * Grades `answer` to `question` by `scheme`. Throws ValidationError when the scheme has no
 * part for the question's kind. A null answer, or an answer of another kind, is unanswered.
 */
export function grade(question: Question, answer: Answer | null, scheme: ScoringScheme, options: GradeOptions = {}): GradeResult {
  const part = partFor(scheme, question.body.kind, options.partId);
  if (!part) throw new ValidationError(`The scoring scheme "${scheme.name}" has no part for ${question.body.kind} questions`, { details: { reason: 'NO_RULE_FOR_KIND' } });
  return gradeByRule(question, answer, options.points === undefined ? part.rule : scaleRule(part.rule, options.points));
}

/** The rule with every value scaled so that its full points are `points`. */
export function scaleRule(rule: ScoringRule, points: number): ScoringRule {
  const f = rule.points > 0 ? points / rule.points : 0;
  if (rule.type !== 'by_statements') return { ...rule, points };
  const tables = Object.fromEntries(Object.entries(rule.tables).map(([n, t]) => [n, t.map((v) => roundPoints(v * f))]));
  return { type: 'by_statements', points, tables };
}

export function gradeByRule(question: Question, answer: Answer | null, rule: ScoringRule): GradeResult {
  const max = rule.points;
  const given = answer && answer.kind === question.body.kind ? answer : null;
  if (rule.type === 'manual' || question.body.kind === 'essay') {
    return isBlank(given) ? result('unanswered', 0, max) : result('pending_manual', null, max);
  }
  if (isBlank(given)) return result('unanswered', 0, max, blankDetail(question));
  switch (question.body.kind) {
    case 'single_choice':
      return gradeSingle(question as QuestionOf<'single_choice'>, given as Extract<Answer, { kind: 'single_choice' }>, max);
    case 'multiple_choice':
      return gradeMultiple(question as QuestionOf<'multiple_choice'>, given as Extract<Answer, { kind: 'multiple_choice' }>, rule);
    case 'true_false':
      return gradeTrueFalse(question as QuestionOf<'true_false'>, given as Extract<Answer, { kind: 'true_false' }>, rule);
    case 'numeric':
      return gradeNumeric(question as QuestionOf<'numeric'>, given as Extract<Answer, { kind: 'numeric' }>, max);
    case 'short_text':
      return gradeShortText(question as QuestionOf<'short_text'>, given as Extract<Answer, { kind: 'short_text' }>, max);
  }
}

function result(outcome: GradeOutcome, points: number | null, maxPoints: number, detail: GradeDetail = {}): GradeResult {
  return { outcome, points: points === null ? null : roundPoints(points), maxPoints: roundPoints(maxPoints), detail };
}

function isBlank(a: Answer | null): a is null {
  if (!a) return true;
  switch (a.kind) {
    case 'single_choice':
      return a.choice === null;
    case 'multiple_choice':
      return a.choices.length === 0;
    case 'true_false':
      return Object.keys(a.values).length === 0;
    default:
      return a.text.trim() === '';
  }
}

function blankDetail(q: Question): GradeDetail {
  return q.body.kind === 'true_false' ? { statementsRight: 0, statementsTotal: q.body.statements.length } : {};
}

function gradeSingle(q: QuestionOf<'single_choice'>, a: { choice: string | null }, max: number): GradeResult {
  return a.choice === q.key.correct ? result('correct', max, max) : result('incorrect', 0, max);
}

function gradeMultiple(q: QuestionOf<'multiple_choice'>, a: { choices: string[] }, rule: ScoringRule): GradeResult {
  const right = new Set(q.key.correct);
  const chosen = new Set(a.choices.filter((c) => q.body.options.some((o) => o.id === c)));
  let choicesRight = 0;
  let choicesWrong = 0;
  for (const c of chosen) right.has(c) ? choicesRight++ : choicesWrong++;
  const detail = { choicesRight, choicesWrong };
  const max = rule.points;
  const exact = choicesRight === right.size && choicesWrong === 0;
  if (exact) return result('correct', max, max, detail);
  if (rule.type !== 'partial_choices') return result('incorrect', 0, max, detail);
  const points = Math.max(0, ((choicesRight - choicesWrong) * max) / right.size);
  return result(points > 0 ? 'partial' : 'incorrect', points, max, detail);
}

function gradeTrueFalse(q: QuestionOf<'true_false'>, a: { values: Record<string, boolean> }, rule: ScoringRule): GradeResult {
  const total = q.body.statements.length;
  // A statement left blank is not right.
  const right = q.body.statements.filter((s) => Object.hasOwn(a.values, s.id) && a.values[s.id] === q.key.truths[s.id]).length;
  const detail = { statementsRight: right, statementsTotal: total };
  const max = rule.points;
  if (right === total) return result('correct', max, max, detail);
  if (rule.type !== 'by_statements') return result('incorrect', 0, max, detail);
  const table = rule.tables[String(total)];
  const points = table ? (table[right] ?? 0) : (max * right) / total;
  return result(points > 0 ? 'partial' : 'incorrect', points, max, detail);
}

function gradeNumeric(q: QuestionOf<'numeric'>, a: { text: string }, max: number): GradeResult {
  const parsed = parseDecimal(a.text);
  if (!parsed.ok) return result('incorrect', 0, max, { numberError: parsed.reason });
  const detail: GradeDetail = { readings: parsed.readings, ...(parsed.readings.length > 1 ? { ambiguous: true } : {}) };
  const right = parsed.readings.some((x) => q.key.answers.some((k) => withinTolerance(x, k.value, k.tolerance)));
  return right ? result('correct', max, max, detail) : result('incorrect', 0, max, detail);
}

function gradeShortText(q: QuestionOf<'short_text'>, a: { text: string }, max: number): GradeResult {
  if (q.key.accepted.length === 0) return result('pending_manual', null, max);
  const matched = matchAccepted(a.text, q.key.accepted, { caseSensitive: q.key.caseSensitive, ignoreDiacritics: q.key.ignoreDiacritics });
  return matched !== null ? result('correct', max, max, { matched }) : result('incorrect', 0, max);
}


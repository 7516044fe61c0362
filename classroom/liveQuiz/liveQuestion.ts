/**
 * Pure rules of one live question: a quick poll made from what the teacher typed, an answer
 * checked against the question's body before anything is stored, its grading, and where it
 * falls in the histogram.
 */
import { ValidationError } from '../../platform/index.js';
import { gradeByRule, sanitizeRichText, type Answer, type GradeOutcome, type QuestionBody, type ScoringRule } from '../assessment/index.js';
import { LIVE_QUIZ_LIMITS as L, type LiveQuestion, type QuizTally } from './LiveQuizTypes.js';

const invalid = (message: string, reason: string) => new ValidationError(message, { details: { reason } });

/** A poll: a single-choice question with no right answer. Oversized or empty parts are refused. */
export function pollQuestion(text: string, options: readonly string[]): LiveQuestion {
  const stem = sanitizeRichText(text).text;
  if (stem === '') throw invalid('A poll needs a question', 'poll_empty');
  if ([...stem].length > L.pollQuestionChars) throw invalid(`A poll question has at most ${L.pollQuestionChars} characters`, 'poll_too_large');
  if (options.length < L.pollMinOptions || options.length > L.pollMaxOptions) {
    throw invalid(`A poll has ${L.pollMinOptions} to ${L.pollMaxOptions} options`, 'poll_options_count');
  }
  const cleaned = options.map((o) => sanitizeRichText(o).text);
  if (cleaned.some((o) => o === '')) throw invalid('A poll option is empty', 'poll_empty');
  if (cleaned.some((o) => [...o].length > L.pollOptionChars)) throw invalid(`A poll option has at most ${L.pollOptionChars} characters`, 'poll_too_large');
  const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
  return {
    body: { kind: 'single_choice', stem, options: cleaned.map((t, i) => ({ id: ids[i] as string, text: t })), fixedOrder: true },
    key: null,
    ref: null,
  };
}

/** Refuses a bank question that cannot be answered live (an essay is graded by hand, at length). */
export function assertLiveKind(body: QuestionBody): void {
  if (body.kind === 'essay') throw invalid('An essay question cannot be asked live; use an assignment', 'kind_not_live');
}

/**
 * Checks an answer against the question before the domain keeps it: its kind, option and
 * statement ids that exist, no duplicates, text within limits. Throws ValidationError.
 */
export function checkAnswer(body: QuestionBody, answer: Answer): void {
  if (answer.kind !== body.kind) throw invalid(`This question wants a ${body.kind} answer`, 'answer_kind');
  switch (answer.kind) {
    case 'single_choice': {
      const options = (body as Extract<QuestionBody, { kind: 'single_choice' }>).options;
      if (answer.choice === null || !options.some((o) => o.id === answer.choice)) throw invalid('Choose one of the options', 'answer_invalid');
      return;
    }
    case 'multiple_choice': {
      const options = (body as Extract<QuestionBody, { kind: 'multiple_choice' }>).options;
      if (answer.choices.length === 0) throw invalid('Choose at least one option', 'answer_invalid');
      if (new Set(answer.choices).size !== answer.choices.length || answer.choices.some((c) => !options.some((o) => o.id === c))) {
        throw invalid('Unknown or repeated option', 'answer_invalid');
      }
      return;
    }
    case 'true_false': {
      const statements = (body as Extract<QuestionBody, { kind: 'true_false' }>).statements;
      const ids = Object.keys(answer.values);
      if (ids.length === 0) throw invalid('Answer at least one statement', 'answer_invalid');
      if (ids.some((id) => !statements.some((s) => s.id === id)) || Object.values(answer.values).some((v) => typeof v !== 'boolean')) {
        throw invalid('Unknown statement', 'answer_invalid');
      }
      return;
    }
    default:
      if (answer.text.trim() === '') throw invalid('The answer is empty', 'answer_invalid');
      if ([...answer.text].length > L.answerTextChars) throw invalid(`An answer has at most ${L.answerTextChars} characters`, 'answer_too_large');
  }
}

/** A live question is worth one point; true/false earns a share per statement (partial). */
const LIVE_RULE: Record<QuestionBody['kind'], ScoringRule> = {
  single_choice: { type: 'all_or_nothing', points: 1 },
  multiple_choice: { type: 'partial_choices', points: 1 },
  true_false: { type: 'by_statements', points: 1, tables: {} },
  numeric: { type: 'all_or_nothing', points: 1 },
  short_text: { type: 'all_or_nothing', points: 1 },
  essay: { type: 'manual', points: 1 },
};

/** The outcome of an answer; 'poll' when the question has no key. */
export function outcomeOf(q: LiveQuestion, answer: Answer): GradeOutcome | 'poll' {
  if (!q.key) return 'poll';
  return gradeByRule({ body: q.body, key: q.key }, answer, LIVE_RULE[q.body.kind]).outcome;
}

export function emptyTally(): QuizTally {
  return { answered: 0, correct: 0, partial: 0, incorrect: 0, pending: 0, buckets: {} };
}

/** Adds one accepted answer to a tally (mutates it). */
export function addToTally(tally: QuizTally, answer: Answer, outcome: GradeOutcome | 'poll'): void {
  tally.answered++;
  if (outcome === 'correct') tally.correct++;
  else if (outcome === 'partial') tally.partial++;
  else if (outcome === 'incorrect' || outcome === 'unanswered') tally.incorrect++;
  else if (outcome === 'pending_manual') tally.pending++;
  const bump = (k: string) => (tally.buckets[k] = (tally.buckets[k] ?? 0) + 1);
  switch (answer.kind) {
    case 'single_choice':
      if (answer.choice !== null) bump(answer.choice);
      break;
    case 'multiple_choice':
      answer.choices.forEach(bump);
      break;
    case 'true_false':
      for (const [id, v] of Object.entries(answer.values)) bump(`${id}:${v ? 'T' : 'F'}`);
      break;
    default:
      bump(outcome === 'correct' ? 'correct' : outcome === 'pending_manual' ? 'pending' : 'incorrect');
  }
}

export function copyTally(t: QuizTally): QuizTally {
  return { ...t, buckets: { ...t.buckets } };
}

/** What grading one answer gives. */

/**
 * - correct: full points; partial: some; incorrect: none (a blank is "unanswered");
 * - pending_manual: a person must grade it (essays, short text without accepted answers,
 *   or a part whose rule is manual); `points` is null until they do.
 */
export type GradeOutcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'pending_manual';

export interface GradeDetail {
  /** true_false: statements answered right, and how many there are. */
  statementsRight?: number;
  statementsTotal?: number;
  /** multiple_choice: right and wrong options chosen. */
  choicesRight?: number;
  choicesWrong?: number;
  /** numeric: the readings of what was typed (two when ambiguous, see decimal.ts), or why none. */
  readings?: number[];
  numberError?: 'EMPTY' | 'NOT_A_NUMBER' | 'BAD_GROUPING';
  ambiguous?: boolean;
  /** short_text: the accepted answer it matched. */
  matched?: string;
}

export interface GradeResult {
  outcome: GradeOutcome;
  /** Rounded to thousandths; null while pending_manual. */
  points: number | null;
  maxPoints: number;
  detail: GradeDetail;
}

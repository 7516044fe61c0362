/**
 * Scoring schemes are data: a scheme is a list of parts (Phần I, II, III of the 2025 format),
 * each with the kinds of question it holds and one rule. A quiz or exam stores a copy of the
 * scheme it was given, so editing a template later never changes a past result silently.
 * Points are decimals (0.1, 0.25); graders round to thousandths (grade.ts).
 */
import type { GradeOutcome } from './GradeTypes.js';
import type { QuestionKind } from './QuestionTypes.js';

/**
 * How one question earns points.
 * - all_or_nothing: `points` when entirely right (every option, every statement), else 0.
 * - partial_choices (multiple choice): each right option chosen +points/k, each wrong one
 *   chosen −points/k (k = number of right options), never below 0.
 * - by_statements (true/false): `tables[n][r]` points for r statements right out of n; a
 *   count of statements without a table earns `points × r / n`.
 * - manual: graded by hand, up to `points`.
 */
export type ScoringRule =
  | { type: 'all_or_nothing'; points: number }
  | { type: 'partial_choices'; points: number }
  | { type: 'by_statements'; points: number; tables: Record<string, number[]> }
  | { type: 'manual'; points: number };

export type ScoringRuleType = ScoringRule['type'];

export interface SchemePart {
  /** Stable within the scheme: "I", "II", "III". */
  id: string;
  /** Shown to people: "Phần I". */
  label: string;
  /** The kinds of question this part holds; a kind appears in at most one part. */
  kinds: QuestionKind[];
  rule: ScoringRule;
}

export interface ScoringScheme {
  /** "vn2025", "vn2025-math", "simple", or an id of the quiz that customised it. */
  id: string;
  name: string;
  parts: SchemePart[];
}

/** A problem with a scheme, by field. */
export interface SchemeIssue {
  path: string;
  code: 'NO_PARTS' | 'PART_ID_DUPLICATE' | 'KIND_IN_TWO_PARTS' | 'RULE_NOT_FOR_KIND' | 'POINTS_INVALID' | 'TABLE_INVALID';
  message: string;
}

/** Re-exported for the rule's readers. */
export type { GradeOutcome };

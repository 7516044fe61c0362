/**
 * Built-in scoring templates and the checks every scheme goes through. A template is a
 * starting point: a quiz copies it and may change any number (validateScheme checks the copy).
 */
import { QUESTION_KINDS, type QuestionKind } from './QuestionTypes.js';
import type { SchemeIssue, SchemePart, ScoringRule, ScoringScheme } from './ScoringTypes.js';

/**
 * The true/false table of Vietnam's 2025 graduation exam (Part II): for a question of four
 * statements, 1 right 0.1, 2 right 0.25, 3 right 0.5, 4 right 1 point.
 */
export const VN2025_TRUE_FALSE_TABLE: readonly number[] = [0, 0.1, 0.25, 0.5, 1];

function vn2025(id: string, name: string, partThreePoints: number): ScoringScheme {
  return {
    id,
    name,
    parts: [
      { id: 'I', label: 'Phần I', kinds: ['single_choice'], rule: { type: 'all_or_nothing', points: 0.25 } },
      { id: 'II', label: 'Phần II', kinds: ['true_false'], rule: { type: 'by_statements', points: 1, tables: { '4': [...VN2025_TRUE_FALSE_TABLE] } } },
      { id: 'III', label: 'Phần III', kinds: ['numeric', 'short_text'], rule: { type: 'all_or_nothing', points: partThreePoints } },
    ],
  };
}

/** The 2025 format with Part III at 0.25 a question (physics, chemistry, biology...). */
export const SCHEME_VN2025: ScoringScheme = vn2025('vn2025', 'Định dạng 2025 (Phần III 0,25 điểm/câu)', 0.25);

/** The 2025 format with Part III at 0.5 a question (mathematics). */
export const SCHEME_VN2025_MATH: ScoringScheme = vn2025('vn2025-math', 'Định dạng 2025 môn Toán (Phần III 0,5 điểm/câu)', 0.5);

/** One point a question; true/false in proportion; essays by hand. For quick quizzes. */
export const SCHEME_SIMPLE: ScoringScheme = {
  id: 'simple',
  name: 'Mỗi câu 1 điểm',
  parts: [
    { id: 'choice', label: 'Trắc nghiệm', kinds: ['single_choice', 'multiple_choice'], rule: { type: 'all_or_nothing', points: 1 } },
    { id: 'tf', label: 'Đúng/Sai', kinds: ['true_false'], rule: { type: 'by_statements', points: 1, tables: {} } },
    { id: 'short', label: 'Trả lời ngắn', kinds: ['numeric', 'short_text'], rule: { type: 'all_or_nothing', points: 1 } },
    { id: 'essay', label: 'Tự luận', kinds: ['essay'], rule: { type: 'manual', points: 1 } },
  ],
};

export const BUILT_IN_SCHEMES: readonly ScoringScheme[] = [SCHEME_VN2025, SCHEME_VN2025_MATH, SCHEME_SIMPLE];

export function builtInScheme(id: string): ScoringScheme | undefined {
  const s = BUILT_IN_SCHEMES.find((x) => x.id === id);
  return s && structuredClone(s);
}

/** Which rules can grade which kinds. */
const RULE_KINDS: Record<ScoringRule['type'], readonly QuestionKind[]> = {
  all_or_nothing: ['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text'],
  partial_choices: ['multiple_choice'],
  by_statements: ['true_false'],
  manual: QUESTION_KINDS,
};

export function ruleCanGrade(rule: ScoringRule, kind: QuestionKind): boolean {
  return RULE_KINDS[rule.type].includes(kind);
}

const MAX_POINTS = 100;
const validPoints = (p: unknown): p is number => typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= MAX_POINTS;

/** Every problem of a scheme (empty when it can be used). */
export function validateScheme(scheme: ScoringScheme): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  const issue = (path: string, code: SchemeIssue['code'], message: string) => issues.push({ path, code, message });
  if (scheme.parts.length === 0) issue('parts', 'NO_PARTS', 'A scheme needs at least one part');
  const ids = new Set<string>();
  const kinds = new Set<QuestionKind>();
  scheme.parts.forEach((part, i) => {
    const at = `parts.${i}`;
    if (ids.has(part.id)) issue(`${at}.id`, 'PART_ID_DUPLICATE', `Part id "${part.id}" is used twice`);
    ids.add(part.id);
    for (const kind of part.kinds) {
      if (kinds.has(kind)) issue(`${at}.kinds`, 'KIND_IN_TWO_PARTS', `Questions of kind ${kind} are in two parts`);
      kinds.add(kind);
      if (!ruleCanGrade(part.rule, kind)) issue(`${at}.rule`, 'RULE_NOT_FOR_KIND', `A ${part.rule.type} rule cannot grade ${kind} questions`);
    }
    if (!validPoints(part.rule.points) || part.rule.points === 0) issue(`${at}.rule.points`, 'POINTS_INVALID', `Points must be above 0 and at most ${MAX_POINTS}`);
    if (part.rule.type === 'by_statements') checkTables(part.rule.tables, part.rule.points, `${at}.rule.tables`, issue);
  });
  return issues;
}

function checkTables(tables: Record<string, number[]>, points: number, path: string, issue: (p: string, c: SchemeIssue['code'], m: string) => void): void {
  for (const [n, table] of Object.entries(tables)) {
    const count = Number(n);
    const bad =
      !Number.isInteger(count) ||
      count < 1 ||
      count > 8 ||
      table.length !== count + 1 ||
      !table.every(validPoints) ||
      table.some((v, i) => i > 0 && v < table[i - 1]!) ||
      table[count] !== points;
    // A table must grow with the statements right and end at the rule's points.
    if (bad) issue(`${path}.${n}`, 'TABLE_INVALID', `The table for ${n} statements needs ${n}+1 non-decreasing values from 0 right to all right, ending at ${points}`);
  }
}

/** The part of `scheme` for a question of `kind`: the named part (which must hold the kind), else the one that holds it. */
export function partFor(scheme: ScoringScheme, kind: QuestionKind, partId?: string): SchemePart | undefined {
  if (partId !== undefined) {
    const part = scheme.parts.find((p) => p.id === partId);
    return part && part.kinds.includes(kind) ? part : undefined;
  }
  return scheme.parts.find((p) => p.kinds.includes(kind));
}

/** The kinds among `kinds` that `scheme` cannot grade (a quiz builder refuses such a quiz). */
export function kindsNotCovered(scheme: ScoringScheme, kinds: Iterable<QuestionKind>): QuestionKind[] {
  return [...new Set(kinds)].filter((k) => !partFor(scheme, k));
}

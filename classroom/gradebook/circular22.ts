/**
 * The results of Circular 22/2021/TT-BGDĐT (assessment of lower and upper secondary students),
 * art. 7 and 9, computed exactly on integer tenths.
 *
 * Subjects assessed by score (art. 9.2):
 *   ĐTBmhk = (TĐĐGtx + 2 × ĐĐGgk + 3 × ĐĐGck) / (số ĐĐGtx + 5)
 *   ĐTBmcn = (ĐTBmhkI + 2 × ĐTBmhkII) / 3
 * "ĐTBmhk và ĐTBmcn là số nguyên hoặc số thập phân được lấy đến chữ số thập phân thứ nhất sau
 * khi làm tròn số": one decimal, rounded half up. ĐTBmcn is computed from the two rounded term
 * averages, as they stand in the gradebook.
 *
 * Subjects assessed by comment (art. 9.1): a term is Đạt when every required assessment was
 * made and all are Đạt, Chưa đạt otherwise; the year takes the result of term II.
 *
 * Number of regular assessments per term (art. 7.1.b): 2 for a subject of up to 35 periods a
 * year, 3 for more than 35 up to 70, 4 for more than 70.
 */
import { roundHalfUp } from './scores.js';

export type Slot = 'tx1' | 'tx2' | 'tx3' | 'tx4' | 'tx5' | 'tx6' | 'gk' | 'ck';
export const REGULAR_SLOTS: readonly Slot[] = ['tx1', 'tx2', 'tx3', 'tx4', 'tx5', 'tx6'];
export type Verdict = 'pass' | 'fail';
export type SubjectAssessmentMode = 'score' | 'comment';

/** Regular assessments (ĐĐGtx) per term for a subject taught `periodsPerYear` periods a year. */
export function regularCountForPeriods(periodsPerYear: number): number {
  if (periodsPerYear <= 35) return 2;
  if (periodsPerYear <= 70) return 3;
  return 4;
}

/** The slots of a term for a subject with `regularCount` regular assessments: tx1..txN, gk, ck. */
export function slotsFor(regularCount: number): Slot[] {
  return [...REGULAR_SLOTS.slice(0, regularCount), 'gk', 'ck'];
}

/**
 * ĐTBmhk in tenths, or null until the term is complete: every required regular assessment,
 * the mid-term and the end-of-term score present.
 */
export function termAverage(regular: readonly (number | null)[], midTerm: number | null, endOfTerm: number | null, requiredRegular: number): number | null {
  const tx = regular.filter((t): t is number => t !== null);
  if (midTerm === null || endOfTerm === null || tx.length < requiredRegular || tx.length === 0) return null;
  const sum = tx.reduce((a, b) => a + b, 0);
  return roundHalfUp(sum + 2 * midTerm + 3 * endOfTerm, tx.length + 5);
}

/** ĐTBmcn in tenths from the two (rounded) term averages, or null until both exist. */
export function yearAverage(termI: number | null, termII: number | null): number | null {
  if (termI === null || termII === null) return null;
  return roundHalfUp(termI + 2 * termII, 3);
}

/**
 * A comment-assessed term: null while the end-of-term assessment is missing (the term is not
 * over), 'pass' when all `required` regular ones, the mid-term and the end-of-term are Đạt,
 * 'fail' otherwise (one Chưa đạt, or one missing).
 */
export function termVerdict(regular: readonly (Verdict | null)[], midTerm: Verdict | null, endOfTerm: Verdict | null, requiredRegular: number): Verdict | null {
  if (endOfTerm === null) return null;
  const tx = regular.filter((v): v is Verdict => v !== null);
  const complete = tx.length >= requiredRegular && midTerm !== null;
  return complete && tx.every((v) => v === 'pass') && midTerm === 'pass' && endOfTerm === 'pass' ? 'pass' : 'fail';
}

/** The year of a comment-assessed subject is the result of term II. */
export function yearVerdict(termII: Verdict | null): Verdict | null {
  return termII;
}

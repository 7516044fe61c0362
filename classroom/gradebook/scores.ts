/**
 * Scores as Vietnamese schools write them: 0 to 10 with at most one decimal, with a comma
 * ("7,5") or a point ("7.5"). Inside the domain a score is an integer number of tenths (75), so
 * that no float ever rounds a grade.
 */
import { ValidationError } from '../../platform/index.js';

/** The highest score of the 10-point scale, in tenths. */
export const MAX_TENTHS = 100;

/**
 * "7,5" / "7.5" / "10" / 8 → tenths. Refuses, with a clear message and `details.reason`:
 * `score_format` for anything that is not a number with at most one decimal ("abc", "7,25",
 * "-1"), `score_range` above 10 ("11").
 */
export function parseScore(input: string | number): number {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const m = /^(\d{1,3})(?:[.,](\d))?$/.exec(text);
  if (!m) {
    throw new ValidationError(`"${text.slice(0, 20)}" is not a score: write a number from 0 to 10 with at most one decimal (7,5)`, { details: { reason: 'score_format' } });
  }
  const tenths = Number(m[1]) * 10 + Number(m[2] ?? 0);
  if (tenths > MAX_TENTHS) throw new ValidationError(`A score is at most 10 (got ${text})`, { details: { reason: 'score_range' } });
  return tenths;
}

/** 75 → "7,5", 80 → "8" (as printed in Vietnamese gradebooks); null → "". */
export function formatScore(tenths: number | null, decimalSeparator = ','): string {
  if (tenths === null) return '';
  const whole = Math.floor(tenths / 10);
  const tenth = tenths % 10;
  return tenth === 0 ? String(whole) : `${whole}${decimalSeparator}${tenth}`;
}

/** 75 → 7.5 (for JSON and spreadsheets). */
export function tenthsToNumber(tenths: number | null): number | null {
  return tenths === null ? null : tenths / 10;
}

/**
 * numerator / denominator rounded half up to an integer, exactly (no float): the rounding of
 * Circular 22 ("làm tròn số" to one decimal, on values already in tenths). Both ≥ 0, denominator > 0.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

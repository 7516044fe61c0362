/**
 * The personal identification code (ma dinh danh) that identifies every teacher and student
 * (R18).
 *
 * Rule: after trimming surrounding spaces, 10 to 12 ASCII digits, kept as text (leading zeros
 * are significant). This accepts the 12-digit national personal identification number (the
 * citizen ID / CCCD number, which the education database now uses as the ma dinh danh) and the
 * shorter codes that older rosters exported from the education database carry, and refuses
 * what is almost always a mistake: letters, inner spaces, and numbers that a spreadsheet
 * rewrote (scientific notation like "1.23457E+11", or a trailing ".0").
 * Full-width digits (from some Asian input methods) are folded to ASCII first.
 */

export const ID_CODE_MIN_DIGITS = 10;
export const ID_CODE_MAX_DIGITS = 12;

export type IdCodeProblem = 'EMPTY' | 'SPREADSHEET_NUMBER' | 'NOT_DIGITS' | 'WRONG_LENGTH';

export type IdCodeCheck = { ok: true; value: string } | { ok: false; reason: IdCodeProblem };

export function checkIdCode(raw: string): IdCodeCheck {
  const value = raw.normalize('NFKC').trim();
  if (value === '') return { ok: false, reason: 'EMPTY' };
  if (/^\d+([.,]\d+)?e\+?\d+$/i.test(value) || /^\d+\.0+$/.test(value)) return { ok: false, reason: 'SPREADSHEET_NUMBER' };
  if (!/^\d+$/.test(value)) return { ok: false, reason: 'NOT_DIGITS' };
  if (value.length < ID_CODE_MIN_DIGITS || value.length > ID_CODE_MAX_DIGITS) return { ok: false, reason: 'WRONG_LENGTH' };
  return { ok: true, value };
}

/** True when `login` has the shape of an ID code (so login looks it up as a code, not a username). */
export function looksLikeIdCode(login: string): boolean {
  return /^\d+$/.test(login.normalize('NFKC').trim());
}

/**
 * Numbers as students type them on a Vietnamese phone or paper: "3,14" and "3.14" are both
 * 3.14 (decimal comma is the school convention, the dot is the calculator's), "1.234,5" and
 * "1,234.5" and "1 234,5" are 1234.5, "−0,5" is -0.5, "1/4" is 0.25.
 *
 * One separator followed by exactly three digits ("1.234", "2,500") is ambiguous: a decimal
 * to a calculator, a thousands group to a Vietnamese (or English) writer. Such input gets
 * both readings, decimal first; grading accepts it when either reading is right, and records
 * that it was ambiguous. Everything else has one reading or none.
 */

export type DecimalParse =
  | { ok: true; /** The first (decimal) reading. */ value: number; /** Every reading, 1 or 2 values. */ readings: number[] }
  | { ok: false; reason: 'EMPTY' | 'NOT_A_NUMBER' | 'BAD_GROUPING' };

/** Longest accepted input: a number, not an essay. */
const MAX_CHARS = 40;

export function parseDecimal(input: string): DecimalParse {
  // NFKC: full-width digits, no-break and thin spaces become ASCII.
  let s = input.normalize('NFKC').trim();
  if (!s) return { ok: false, reason: 'EMPTY' };
  if (s.length > MAX_CHARS) return { ok: false, reason: 'NOT_A_NUMBER' };
  let sign = 1;
  const signMatch = /^([+\-\u2212\u2013])\s*/.exec(s);
  if (signMatch) {
    if (signMatch[1] !== '+') sign = -1;
    s = s.slice(signMatch[0].length);
  }
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (fraction) {
    const q = Number(fraction[2]);
    if (q === 0) return { ok: false, reason: 'NOT_A_NUMBER' };
    return single(sign * (Number(fraction[1]) / q));
  }
  if (!/^[\d.,\s]+$/.test(s) || !/\d/.test(s)) return { ok: false, reason: 'NOT_A_NUMBER' };
  if (/\s/.test(s)) {
    // Spaces only group thousands: "1 234 567,5".
    if (!/^\d{1,3}(?: \d{3})+(?:[.,]\d*)?$/.test(s.replace(/\s+/g, ' '))) return { ok: false, reason: 'BAD_GROUPING' };
    s = s.replace(/\s+/g, '');
    const sep = /[.,]/.exec(s);
    return sep ? decimalAt(s, sep.index, sign) : single(sign * Number(s));
  }
  const dots = count(s, '.');
  const commas = count(s, ',');
  if (dots === 0 && commas === 0) return single(sign * Number(s));
  if (dots > 0 && commas > 0) {
    const decimalSep = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const groupSep = decimalSep === '.' ? ',' : '.';
    if (count(s, decimalSep) !== 1) return { ok: false, reason: 'BAD_GROUPING' };
    const at = s.indexOf(decimalSep);
    const whole = s.slice(0, at);
    if (!groupedThousands(whole, groupSep)) return { ok: false, reason: 'BAD_GROUPING' };
    return decimalAt(whole.split(groupSep).join('') + s.slice(at), whole.split(groupSep).join('').length, sign);
  }
  const sep = dots > 0 ? '.' : ',';
  if (count(s, sep) > 1) {
    if (!groupedThousands(s, sep)) return { ok: false, reason: 'BAD_GROUPING' };
    return single(sign * Number(s.split(sep).join('')));
  }
  const at = s.indexOf(sep);
  const parsed = decimalAt(s, at, sign);
  if (parsed.ok && /^[1-9]\d{0,2}[.,]\d{3}$/.test(s)) {
    const thousands = sign * Number(s.replace(sep, ''));
    return { ok: true, value: parsed.value, readings: [parsed.value, thousands] };
  }
  return parsed;
}

/** `s` with its decimal separator at `at` (digits on at least one side). */
function decimalAt(s: string, at: number, sign: number): DecimalParse {
  const whole = s.slice(0, at);
  const frac = s.slice(at + 1);
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || (whole === '' && frac === '')) return { ok: false, reason: 'NOT_A_NUMBER' };
  return single(sign * Number(`${whole || '0'}.${frac || '0'}`));
}

function groupedThousands(s: string, sep: string): boolean {
  const parts = s.split(sep);
  return /^\d{1,3}$/.test(parts[0] ?? '') && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

function single(value: number): DecimalParse {
  if (!Number.isFinite(value)) return { ok: false, reason: 'NOT_A_NUMBER' };
  // -0 reads as 0.
  const v = value === 0 ? 0 : value;
  return { ok: true, value: v, readings: [v] };
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/** True when `x` is within `tolerance` of `target`, allowing for binary float rounding. */
export function withinTolerance(x: number, target: number, tolerance: number): boolean {
  return Math.abs(x - target) <= tolerance + 1e-12 * Math.max(1, Math.abs(target));
}

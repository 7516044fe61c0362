/**
 * Names as people type them. Vietnamese text reaches us in two Unicode forms: precomposed (NFC,
 * what most keyboards produce) and decomposed (NFD, from some macOS exports and from Unikey's
 * "Unicode to hop" table). They look identical but compare different, so every name is stored
 * in NFC and compared through `nameKey`.
 */

/** The lookup form of a name: NFC, single spaces, lower case. "  10a1 " and "10A1" match. */
export function nameKey(name: string): string {
  return tidy(name).toLowerCase();
}

/** NFC with surrounding space trimmed and inner runs of whitespace made one space. */
export function tidy(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export type NameCheck = { ok: true; value: string } | { ok: false; reason: 'EMPTY' | 'TOO_LONG' | 'INVALID_CHARACTERS' };

export const MAX_PERSON_NAME = 100;

/**
 * A person's full name ("Nguyen Van An"): letters of any script with their marks, spaces, and
 * the apostrophe, hyphen and dot found in names of ethnic minorities and foreigners ("H'Hen Nie").
 * Digits and symbols are refused: they are typing mistakes, and refusing "=" and "+" at the
 * start also keeps spreadsheet formulas out of the exports.
 */
export function checkPersonName(raw: string): NameCheck {
  const value = tidy(raw);
  if (value === '') return { ok: false, reason: 'EMPTY' };
  if (value.length > MAX_PERSON_NAME) return { ok: false, reason: 'TOO_LONG' };
  if (!/^\p{L}[\p{L}\p{M} '\u2019.-]*$/u.test(value)) return { ok: false, reason: 'INVALID_CHARACTERS' };
  return { ok: true, value };
}

export type LabelCheck = { ok: true; value: string } | { ok: false; reason: 'EMPTY' | 'TOO_LONG' };

/** A class, grade, subject or school name: any printable text, 1..100 characters after tidying. */
export function checkLabel(raw: string, max = 100): LabelCheck {
  const value = tidy(raw).replace(/\p{Cc}/gu, '');
  if (value === '') return { ok: false, reason: 'EMPTY' };
  if (value.length > max) return { ok: false, reason: 'TOO_LONG' };
  return { ok: true, value };
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** The last word of a Vietnamese full name is the given name, by which class lists are sorted. */
function givenName(fullName: string): string {
  const words = fullName.split(' ');
  return words[words.length - 1] ?? fullName;
}

/** Class-list order: by given name, then by full name ("An" before "Binh"; "Le An" before "Tran An"). */
export function compareVietnameseNames(a: string, b: string): number {
  return collator.compare(givenName(a), givenName(b)) || collator.compare(a, b);
}

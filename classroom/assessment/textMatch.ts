/**
 * Comparing short text answers the way a Vietnamese teacher would by eye: spaces, letter case
 * and Unicode forms do not matter; the old and new placement of tone marks ("hoà" / "hòa",
 * "thuý" / "thúy") do not matter; the marks themselves matter unless the key says otherwise,
 * because they change the word ("ma", "má", "mà" are three words).
 */

export interface TextMatchOptions {
  /** Default false. */
  caseSensitive?: boolean;
  /** Default false: "Ha Noi" ≠ "Hà Nội". */
  ignoreDiacritics?: boolean;
}

// The five tone marks, as combining characters (NFD). Vowel marks (â ă ơ ư) are not tones.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ALL_MARKS = /[\u0300-\u036f]/g;

/**
 * The comparison form of `text`: NFKC, trimmed, single spaces, trailing . ! ; removed, lower
 * case (Vietnamese rules) unless case-sensitive, each word's tone mark moved to the word's
 * end (so either placement compares equal), or every mark dropped and đ→d when ignoring
 * diacritics.
 */
export function answerKey(text: string, options: TextMatchOptions = {}): string {
  let s = text.normalize('NFKC').replace(/\s+/gu, ' ').trim().replace(/[.!;。]+$/u, '').trim();
  if (!options.caseSensitive) s = s.toLocaleLowerCase('vi');
  const decomposed = s.normalize('NFD');
  if (options.ignoreDiacritics) return decomposed.replace(ALL_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  return decomposed.replace(/[\p{L}\p{M}]+/gu, (word) => {
    const tones = word.match(TONES) ?? [];
    return word.replace(TONES, '').normalize('NFC') + tones.sort().join('');
  });
}

/** The first accepted answer that `typed` matches, or null. */
export function matchAccepted(typed: string, accepted: readonly string[], options: TextMatchOptions = {}): string | null {
  const want = answerKey(typed, options);
  if (!want) return null;
  return accepted.find((a) => answerKey(a, options) === want) ?? null;
}

/**
 * The names people are shown by in a live lesson (issue 13.5). Signed-in people are shown by
 * their roster name, never one they type. Guests (signed join links: a guest teacher, the demo)
 * may choose theirs, cleaned here so that nobody appears as a blank, as reversed text, or with
 * line breaks that spoof other lines of the participant list or the chat.
 */
import { ValidationError } from '../../platform/index.js';

/** Code points, after cleaning. */
export const DISPLAY_NAME_MAX = 64;

/**
 * Dropped: control characters (Cc: NUL, newline, DEL, C1...), format characters (Cf: bidi
 * embeddings, overrides and isolates, LRM/RLM/ALM, zero-width space/joiners, word joiner, BOM,
 * soft hyphen...), and the "letters" that render as nothing (Hangul fillers, braille blank).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;
/** Every kind of space and separator (U+2028, U+3000, NBSP...) becomes one plain space. */
const SPACES = /[\p{Z}\t\n\v\f\r\u0085]+/gu;
/** More than two combining marks on one letter is never Vietnamese (at most two, in NFD). */
const MARK_PILES = /(\p{M}{2})\p{M}+/gu;
const VISIBLE = /[\p{L}\p{N}]/u;

/**
 * A guest's name as others will see it: NFC, without invisible characters, single-spaced,
 * trimmed. Throws a ValidationError (details.reason "display_name_invalid") when no letter or
 * digit is left, or when it is longer than DISPLAY_NAME_MAX code points.
 */
export function cleanGuestName(raw: string): string {
  // Spaces first (a newline or a tab is a control character, but it separated two words).
  const name = raw.normalize('NFD').replace(SPACES, ' ').replace(INVISIBLE, '').replace(MARK_PILES, '$1').replace(/ {2,}/g, ' ').trim().normalize('NFC');
  if (!VISIBLE.test(name)) {
    throw new ValidationError('Enter your name: it needs at least one letter or digit', { details: { reason: 'display_name_invalid' } });
  }
  if ([...name].length > DISPLAY_NAME_MAX) {
    throw new ValidationError(`The name is longer than ${DISPLAY_NAME_MAX} characters`, { details: { reason: 'display_name_invalid' } });
  }
  return name;
}

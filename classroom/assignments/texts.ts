/**
 * Texts typed by teachers and students. Hand-in text and feedback are plain text, shown as text
 * (the client never builds HTML from them): line breaks kept, control and bidi-override
 * characters removed. Instructions are the question bank's rich text (`$…$` math, [b] [i] [u],
 * classroom/assessment/richText.ts), sanitized by its sanitizer and shown by the client's
 * RichText (KaTeX, never innerHTML). A picture in the instructions is `[img:<file id>]` of one of
 * the assignment's own image attachments (so only once it has some: when it is changed); any
 * other image id is removed.
 */
import { ValidationError } from '../../platform/index.js';
import { sanitizeRichText } from '../assessment/index.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** NFC, control characters removed, "\r\n" → "\n", trimmed; throws past `max` characters. */
export function cleanText(raw: string, max: number): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
  if ([...text].length > max) throw new ValidationError(`At most ${max} characters`, { details: { reason: 'too_long', max } });
  return text;
}

export function cleanTitle(raw: string): string {
  const title = cleanText(raw, 200).replace(/\s+/g, ' ');
  if (title === '') throw new ValidationError('The assignment needs a title', { details: { reason: 'title' } });
  return title;
}

/** `images`: the ids an [img:…] may name (the assignment's image attachments); others are removed. */
export function cleanInstructions(raw: string, images: ReadonlySet<string> = new Set()): string {
  return sanitizeRichText(cleanText(raw, 20_000), { imageAllowed: (id) => images.has(id) }).text;
}

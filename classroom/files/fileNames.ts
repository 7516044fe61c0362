/**
 * File names as users give them. A name is only ever shown and put in Content-Disposition: it
 * never becomes a path (blob keys are the store's). Still, a name with a path in it, control
 * characters or nothing visible is refused with a clear error: no camera or file chooser
 * produces one, so it is a crafted request, and storing it would surprise whoever downloads it.
 */
import { ValidationError } from '../../platform/index.js';

/** Longest kept name, in characters (the extension is kept when shortening). */
export const MAX_FILE_NAME_CHARS = 120;

/**
 * The name to keep: NFC (Vietnamese typed on a Mac arrives decomposed), spaces collapsed,
 * characters Windows cannot save (<>:"|?*) replaced by "_", at most MAX_FILE_NAME_CHARS with the
 * extension kept. Throws ValidationError (`details.reason = "file_name"`) for a name containing
 * "/" or "\\", a control character, or nothing but dots and spaces.
 */
export function sanitizeFileName(raw: string): string {
  if (/[/\\]/.test(raw)) throw badName('A file name may not contain "/" or "\\"');
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(raw)) throw badName('A file name may not contain control characters');
  let name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  name = name.replace(/[<>:"|?*]/g, '_');
  if (/^[. ]*$/.test(name)) throw badName('The file needs a name');
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_FILE_NAME_CHARS - [...ext].length).join('').trimEnd() + ext;
  }
  return name;
}

/** The lower-case extension without its dot ("" when the name has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function badName(message: string): ValidationError {
  return new ValidationError(message, { details: { reason: 'file_name' } });
}

/**
 * The content of one material version, checked before anything is stored: a finished upload of
 * the caller's (files), an http(s) address (links), sanitized rich text (lesson pages).
 */
import { ValidationError } from '../../platform/index.js';
import { sanitizePlainText, sanitizeRichText } from '../assessment/index.js';
import type { MaterialKind, MaterialVersion } from './MaterialTypes.js';

export const MATERIAL_LIMITS = {
  titleChars: 200,
  topicChars: 200,
  descriptionChars: 2_000,
  urlChars: 2_000,
  /** A lesson page: rich text with `$…$` math. */
  bodyChars: 50_000,
  commentChars: 2_000,
} as const;

export interface ContentInput {
  kind: MaterialKind;
  title: string;
  description?: string;
  fileId?: string;
  url?: string;
  body?: string;
}

export type CheckedContent = Pick<MaterialVersion, 'kind' | 'title' | 'description' | 'uploadId' | 'url' | 'body'>;

const invalid = (message: string, field: string) => new ValidationError(message, { details: { field } });

/** A line of plain text within `max` characters (after cleaning). */
export function cleanLine(input: string, max: number, field: string, required: boolean): string {
  const text = sanitizePlainText(input);
  if (required && text === '') throw invalid(`The ${field} is required`, field);
  if (text.length > max) throw invalid(`The ${field} is longer than ${max} characters`, field);
  return text;
}

/** Only http(s), no credentials in the address: a link students open in a new tab. */
export function checkLink(input: string): string {
  const raw = input.trim();
  if (raw.length === 0 || raw.length > MATERIAL_LIMITS.urlChars) throw invalid(`Give a web address of at most ${MATERIAL_LIMITS.urlChars} characters`, 'url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('This is not a web address (https://…)', 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('Only http and https addresses can be linked', 'url');
  if (url.username || url.password) throw invalid('A web address with a password cannot be linked', 'url');
  return url.href;
}

/**
 * Checks the text parts and the kind's own part. The file is resolved by the caller (it needs
 * the upload service); here only its presence.
 */
export function checkContent(input: ContentInput): CheckedContent {
  const title = cleanLine(input.title, MATERIAL_LIMITS.titleChars, 'title', true);
  const description = cleanLine(input.description ?? '', MATERIAL_LIMITS.descriptionChars, 'description', false);
  switch (input.kind) {
    case 'file':
      if (!input.fileId) throw invalid('Choose the file to upload', 'fileId');
      return { kind: 'file', title, description, uploadId: input.fileId, url: null, body: null };
    case 'link':
      return { kind: 'link', title, description, uploadId: null, url: checkLink(input.url ?? ''), body: null };
    case 'page': {
      if ((input.body ?? '').length > MATERIAL_LIMITS.bodyChars) throw invalid(`The page is longer than ${MATERIAL_LIMITS.bodyChars} characters`, 'body');
      // Images are not part of lesson pages yet: `[img:…]` is removed, never resolved.
      const body = sanitizeRichText(input.body ?? '', { imageAllowed: () => false }).text;
      if (body === '') throw invalid('The page is empty', 'body');
      return { kind: 'page', title, description, uploadId: null, url: null, body };
    }
  }
}

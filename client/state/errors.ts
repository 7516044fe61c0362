import { t } from '../i18n/index.js';
import { ServerError, SocketError } from '../net/index.js';

/**
 * A message for the user, in their language, for any error of a request. Server errors are
 * shown by code rather than by the server's own text, so that the page speaks one language.
 */
export function describeError(error: unknown): string {
  if (error instanceof ServerError) return t(`error.${error.code}`);
  if (error instanceof SocketError) return error.reason === 'timeout' ? t('error.timeout') : t('error.network');
  return t('error.unknown');
}

/** A refused join that a lesson password can fix, from the error's reason (docs/protocol.md). */
export function lessonPasswordRefusal(error: unknown): 'needed' | 'wrong' | null {
  if (!(error instanceof ServerError) || error.code !== 'FORBIDDEN') return null;
  if (error.reason === 'lesson_password_wrong') return 'wrong';
  if (error.reason === 'lesson_password_required') return 'needed';
  return null;
}

/** A guest name the server refused (nothing visible left once cleaned; docs/protocol.md). */
export function nameRefused(error: unknown): boolean {
  return error instanceof ServerError && error.reason === 'display_name_invalid';
}

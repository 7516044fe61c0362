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

import { t } from '../i18n/index.js';
import { ApiClient, ApiError, type FetchLike } from '../net/index.js';

/**
 * The page's one HTTP API client. What a lost session or a pending password change does is
 * decided by auth.ts (it registers the hooks); this module only owns the client, so that every
 * feature's state can use it without knowing about sign-in.
 */
export interface ApiHooks {
  unauthenticated(): void;
  passwordChangeRequired(): void;
}

let hooks: ApiHooks = { unauthenticated: () => undefined, passwordChangeRequired: () => undefined };
let fetchImpl: FetchLike | undefined;
let client: ApiClient | null = null;

export function setApiHooks(next: ApiHooks): void {
  hooks = next;
}

/** Tests: answer requests with a fake fetch (null: the browser's). */
export function setApiFetch(fetch: FetchLike | null): void {
  fetchImpl = fetch ?? undefined;
  client = null;
}

export function api(): ApiClient {
  client ??= new ApiClient({
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    onUnauthenticated: () => hooks.unauthenticated(),
    onPasswordChangeRequired: () => hooks.passwordChangeRequired(),
  });
  return client;
}

/** A message for the user, in their language, for a failed API request. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.unknown');
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds) {
    return t('http.error.RATE_LIMITED_FOR', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  }
  return t(`http.error.${error.code}`);
}

/**
 * The server's own words, for details a code cannot carry (which field, which date); shown
 * under the translated message. Empty for errors whose code says it all.
 */
export function serverDetail(error: unknown): string {
  if (!(error instanceof ApiError) || error.status === 0 || error.code === 'INTERNAL' || error.code === 'BAD_RESPONSE') return '';
  return error.message;
}

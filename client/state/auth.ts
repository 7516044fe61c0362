import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import { api as apiParse, ApiError, type Me, type User } from '../net/index.js';
import { log } from '../util/log.js';
import { api, describeApiError, setApiHooks } from './api.js';
import { currentPathWithQuery, loginPathFor, navigate, passwordPathFor, url } from './navigation.js';

/** Password rules of the server (classroom/accounts/passwords.ts), checked here first. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * - unknown: not asked yet; loading: GET /api/me is on its way;
 * - signed-in: `currentUser` is set (maybe with the password change pending);
 * - signed-out: no session.
 */
export type AuthStatus = 'unknown' | 'loading' | 'signed-in' | 'signed-out';

export const authStatus = signal<AuthStatus>('unknown');
export const currentUser = signal<User | null>(null);
/** The first-login password change is pending: every other request answers 403. */
export const mustChangePassword = signal(false);
export const signedIn = computed(() => authStatus.value === 'signed-in' && currentUser.value !== null);

let loading: Promise<void> | null = null;

function setMe(me: Me | null): void {
  batch(() => {
    currentUser.value = me?.user ?? null;
    mustChangePassword.value = me?.mustChangePassword ?? false;
    authStatus.value = me ? 'signed-in' : 'signed-out';
  });
}

/** Asks the server who we are, once (again after `forgetMe`). */
export function ensureMe(): Promise<void> {
  if (authStatus.value === 'signed-in' || authStatus.value === 'signed-out') return Promise.resolve();
  loading ??= (async () => {
    authStatus.value = 'loading';
    try {
      setMe(await api().get('/api/me', apiParse.parseMe, { expect401: true }));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) log.warn('GET /api/me failed', error);
      setMe(null);
    } finally {
      loading = null;
    }
  })();
  return loading;
}

/** Where to go after signing in: `next` if it is a path of this app, else home. */
export function afterSignIn(next: string | null): void {
  if (mustChangePassword.value) navigate(passwordPathFor(next ?? '/'), { replace: true });
  else navigate(next ?? '/', { replace: true });
}

/** "Đăng nhập". Resolves with an error message for the form, or null on success. */
export async function signIn(login: string, password: string): Promise<string | null> {
  const name = login.trim();
  if (!name || !password) return t('login.missing');
  try {
    setMe(await api().post('/api/auth/login', { login: name, password }, apiParse.parseMe, { expect401: true }));
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return t('login.wrong');
    if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
      return t('login.locked', { minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) });
    }
    if (error instanceof ApiError && error.code === 'BAD_REQUEST') return t('login.missing');
    return describeApiError(error);
  }
}

/** Checks a new password as the server will; null when acceptable. */
export function checkNewPassword(next: string, confirm: string, user: User | null): string | null {
  const length = [...next.normalize('NFC')].length;
  if (length < PASSWORD_MIN) return t('password.problem.TOO_SHORT', { min: PASSWORD_MIN });
  if (length > PASSWORD_MAX) return t('password.problem.TOO_LONG', { max: PASSWORD_MAX });
  const lower = next.normalize('NFC').toLowerCase();
  if (user && [user.code, user.username].some((l) => l !== null && l.toLowerCase() === lower)) return t('password.problem.SAME_AS_LOGIN');
  if (next !== confirm) return t('password.mismatch');
  return null;
}

const PASSWORD_REASONS = new Set(['TOO_SHORT', 'TOO_LONG', 'SAME_AS_LOGIN', 'TOO_COMMON', 'SAME_AS_OLD']);

/** The first-login (or any) password change. Resolves with an error message, or null. */
export async function changePassword(current: string, next: string, confirm: string): Promise<string | null> {
  if (!current) return t('password.currentMissing');
  const problem = checkNewPassword(next, confirm, currentUser.value);
  if (problem) return problem;
  try {
    setMe(await api().post('/api/auth/password', { currentPassword: current, newPassword: next }, apiParse.parseMe, { expect401: true }));
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) return describeApiError(error);
    if (error.status === 401) return t('password.currentWrong');
    const reason = error.reason;
    if (error.code === 'BAD_REQUEST' && reason && PASSWORD_REASONS.has(reason)) {
      return t(`password.problem.${reason as 'TOO_SHORT'}`, { min: PASSWORD_MIN, max: PASSWORD_MAX });
    }
    if (error.code === 'RATE_LIMITED') return t('login.locked', { minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) });
    return error.code === 'BAD_REQUEST' ? error.message : describeApiError(error);
  }
}

/** "Đăng xuất": the server ends the session and clears the cookie. */
export async function signOut(): Promise<void> {
  try {
    await api().post('/api/auth/logout', undefined, () => undefined, { expect401: true });
  } catch (error) {
    log.info('logout request failed; forgetting the session anyway', error);
  }
  setMe(null);
  navigate('/login', { replace: true });
}

/** Tests: forget what we know about the session. */
export function resetAuth(): void {
  loading = null;
  batch(() => {
    authStatus.value = 'unknown';
    currentUser.value = null;
    mustChangePassword.value = false;
  });
}

setApiHooks({
  // The session ended (expired, logged out elsewhere, password reset by the admin).
  unauthenticated: () => {
    setMe(null);
    if (!url.peek().pathname.startsWith('/login')) navigate(loginPathFor(currentPathWithQuery()), { replace: true });
  },
  passwordChangeRequired: () => {
    mustChangePassword.value = true;
    if (!url.peek().pathname.startsWith('/password')) navigate(passwordPathFor(currentPathWithQuery()), { replace: true });
  },
});

/** Who is calling: the session cookie -> account -> actor (with memberships), once per request. */
import { loadActor, requireFullSession, type Actor, type PublicAccount } from '../../../classroom/index.js';
import { NotAuthenticatedError } from '../../../platform/index.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE, parseCookies } from '../cookies.js';

export interface Caller {
  token: string;
  account: PublicAccount;
  actor: Actor;
  passwordChangeOnly: boolean;
}

export function sessionToken(cookieHeader: string): string | undefined {
  return parseCookies(cookieHeader).get(SESSION_COOKIE);
}

/**
 * The signed-in caller. Throws NotAuthenticatedError without a live session, and FORBIDDEN
 * (details.reason "password_change_required") while the first-login password change is pending,
 * unless `allowPasswordChange`.
 */
export async function callerOf(services: Services, cookieHeader: string, options: { allowPasswordChange?: boolean } = {}): Promise<Caller> {
  const token = sessionToken(cookieHeader);
  if (!token) throw new NotAuthenticatedError('Please log in');
  const session = await services.sessions.resolve(token);
  if (!options.allowPasswordChange) requireFullSession(session);
  const actor = await loadActor(services.storage.schools, session.account);
  return { token, account: session.account, actor, passwordChangeOnly: session.passwordChangeOnly };
}

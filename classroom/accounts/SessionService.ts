import { createHash } from 'node:crypto';
import { NotAuthenticatedError, NotAuthorizedError, newSecret, type Clock } from '../../platform/index.js';
import type { Storage } from '../store/index.js';
import { publicAccount } from './AccountTypes.js';
import type { NewSession, RequestOrigin, ResolvedSession, SessionOptions } from './SessionTypes.js';

const HOUR = 3_600_000;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Login sessions: opaque random tokens, stored hashed (a stolen database yields no usable
 * session), with an idle timeout inside a maximum lifetime, and logout.
 */
export class SessionService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #maxLifetimeMs: number;
  readonly #idleTimeoutMs: number;
  readonly #passwordChangeWindowMs: number;
  readonly #touchIntervalMs: number;

  constructor(storage: Storage, clock: Clock, options: SessionOptions = {}) {
    this.#storage = storage;
    this.#clock = clock;
    this.#maxLifetimeMs = options.maxLifetimeMs ?? 12 * HOUR;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 2 * HOUR;
    this.#passwordChangeWindowMs = options.passwordChangeWindowMs ?? 15 * 60_000;
    this.#touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  /** Opens a session for a user whose credentials were just checked (AccountService.login). */
  async create(userId: string, passwordChangeOnly: boolean, origin: RequestOrigin): Promise<NewSession> {
    const now = this.#clock.now();
    const token = newSecret(32);
    const expiresAt = now + (passwordChangeOnly ? this.#passwordChangeWindowMs : Math.min(this.#idleTimeoutMs, this.#maxLifetimeMs));
    await this.#storage.sessions.create({
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      expiresAt,
      lastSeenAt: now,
      passwordChangeOnly,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      revokedAt: null,
    });
    return { token, expiresAt };
  }

  /**
   * The live session of `token`, extending its idle timeout. Throws NotAuthenticatedError for a
   * malformed, unknown, expired or revoked token, and for a disabled account.
   */
  async resolve(token: string): Promise<ResolvedSession> {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw new NotAuthenticatedError('Please log in');
    const now = this.#clock.now();
    const tokenHash = hashToken(token);
    const session = await this.#storage.sessions.get(tokenHash);
    if (!session || session.revokedAt !== null || session.expiresAt <= now) throw new NotAuthenticatedError('Your session has ended; please log in again');
    const account = await this.#storage.accounts.get(session.userId);
    if (!account || account.disabled) throw new NotAuthenticatedError('Your session has ended; please log in again');
    let expiresAt = session.expiresAt;
    if (!session.passwordChangeOnly && now - session.lastSeenAt >= this.#touchIntervalMs) {
      expiresAt = Math.min(session.createdAt + this.#maxLifetimeMs, now + this.#idleTimeoutMs);
      await this.#storage.sessions.touch(tokenHash, now, expiresAt);
    }
    return { account: publicAccount(account), passwordChangeOnly: session.passwordChangeOnly, createdAt: session.createdAt, expiresAt };
  }

  /** Ends the session and records the logout. Idempotent: a dead token is simply ignored. */
  async logout(token: string, origin: RequestOrigin): Promise<void> {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) return;
    const now = this.#clock.now();
    const tokenHash = hashToken(token);
    const session = await this.#storage.sessions.get(tokenHash);
    if (!session || !(await this.#storage.sessions.revoke(tokenHash, now))) return;
    const account = await this.#storage.accounts.get(session.userId);
    await this.#storage.authEvents.record({
      at: now,
      kind: 'logout',
      userId: session.userId,
      schoolId: account?.schoolId ?? null,
      login: null,
      ip: origin.ip,
      userAgent: origin.userAgent ?? null,
      detail: null,
    });
  }

  /** Ends every session of a user but `exceptToken`'s (after a password change or reset). */
  revokeAllForUser(userId: string, exceptToken?: string): Promise<number> {
    return this.#storage.sessions.revokeAllForUser(userId, this.#clock.now(), exceptToken === undefined ? undefined : hashToken(exceptToken));
  }

  /** @internal For AccountService.changePassword: the session becomes a full one. */
  async upgradeAfterPasswordChange(token: string, createdAt: number): Promise<number> {
    const now = this.#clock.now();
    const tokenHash = hashToken(token);
    const expiresAt = Math.min(createdAt + this.#maxLifetimeMs, now + this.#idleTimeoutMs);
    await this.#storage.sessions.markPasswordChanged(tokenHash);
    await this.#storage.sessions.touch(tokenHash, now, expiresAt);
    return expiresAt;
  }

  /** Deletes sessions that ended more than `keepMs` ago (default 7 days); run it daily. */
  purgeEnded(keepMs = 7 * 24 * HOUR): Promise<number> {
    return this.#storage.sessions.purgeEnded(this.#clock.now() - keepMs);
  }
}

/** Throws unless the session may do more than change its password (first login). */
export function requireFullSession(session: ResolvedSession): void {
  if (session.passwordChangeOnly) {
    throw new NotAuthorizedError('Please change your password first', { details: { reason: 'password_change_required' } });
  }
}

import { NotAuthenticatedError, NotFoundError, RateLimitedError, ValidationError, newSecret, type Clock } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import { looksLikeIdCode } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { publicAccount, type Account, type AuthEvent, type PublicAccount } from './AccountTypes.js';
import { checkNewPassword, generateInitialPassword, MAX_PASSWORD_LENGTH, type PasswordHasher } from './passwords.js';
import type { SessionService } from './SessionService.js';
import type { NewSession, RequestOrigin } from './SessionTypes.js';
import { LoginAttempts, type Attempt, type ThrottleKey } from './LoginAttempts.js';
import { DEFAULT_THROTTLE, ipThrottleKey, type ThrottleRules } from './throttle.js';

export interface AccountServiceOptions {
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  /** Default DEFAULT_THROTTLE (see throttle.ts). */
  throttle?: ThrottleRules;
}

export interface LoginInput extends RequestOrigin {
  /** The personal ID code, or a username. */
  login: string;
  password: string;
}

export interface LoginResult extends NewSession {
  account: PublicAccount;
  /** The session may only change the password until it does (first login, after a reset). */
  mustChangePassword: boolean;
}

const BAD_CREDENTIALS = 'Wrong ID code, username or password';

/** Login, first-login password change, and password reset (R3, R18, R21). */
export class AccountService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #hasher: PasswordHasher;
  readonly #sessions: SessionService;
  readonly #attempts: LoginAttempts;
  #dummyHash: Promise<string> | undefined;

  constructor(storage: Storage, options: AccountServiceOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.#hasher = options.hasher;
    this.#sessions = options.sessions;
    this.#attempts = new LoginAttempts(storage.loginThrottle, options.throttle ?? DEFAULT_THROTTLE, options.clock);
  }

  /**
   * Checks credentials and opens a session. Throws NotAuthenticatedError (one message whatever
   * was wrong, so it tells nobody which codes exist), RateLimitedError while the account or the
   * IP is locked, ValidationError for input no login could match. Every outcome is recorded.
   */
  async login(input: LoginInput): Promise<LoginResult> {
    const login = normalizeLogin(input.login);
    if (typeof input.password !== 'string' || input.password === '' || input.password.length > MAX_PASSWORD_LENGTH * 4) {
      throw new ValidationError('Enter your password');
    }
    const account = looksLikeIdCode(login) ? await this.#storage.accounts.findByCode(login) : await this.#storage.accounts.findByUsername(login);
    const keys = this.#throttleKeys(account ? account.id : `login:${login.toLowerCase()}`, input.ip);
    const event = { userId: account?.id ?? null, schoolId: account?.schoolId ?? null, login, ip: input.ip, userAgent: input.userAgent ?? null };
    const start = await this.#attempts.begin(keys);
    if (!start.allowed) {
      // Not awaited, and merged with the other refusals: a flood must not cost a write each.
      this.#storage.authEvents.recordRefusal({ ...event, at: this.#clock.now(), kind: 'login_locked', detail: null });
      throw new RateLimitedError('Too many failed logins; try again later', Math.ceil(start.retryAfterMs / 1000));
    }
    // An unknown login still pays for one verification, so timing does not reveal which exist.
    const valid = await this.#checked(start.attempt, async () => {
      const hashToCheck = account && !account.disabled ? account.passwordHash : await this.#dummy();
      return (await this.#hasher.verify(hashToCheck, input.password)) && account !== undefined && !account.disabled;
    });
    if (!valid || !account) {
      const detail = (!account ? 'unknown_login' : account.disabled ? 'disabled' : 'bad_password') + (start.attempt.lockedNow ? ';locked' : '');
      await this.#record({ ...event, at: this.#clock.now(), kind: 'login_failed', detail });
      throw new NotAuthenticatedError(BAD_CREDENTIALS);
    }
    await this.#attempts.succeeded(start.attempt);
    if (this.#hasher.needsRehash(account.passwordHash)) {
      await this.#storage.accounts.setPassword(account.id, await this.#hasher.hash(input.password), account.mustChangePassword, this.#clock.now());
    }
    const session = await this.#sessions.create(account.id, account.mustChangePassword, input);
    await this.#record({ ...event, at: this.#clock.now(), kind: 'login_succeeded', detail: account.mustChangePassword ? 'must_change_password' : null });
    return { ...session, account: publicAccount(account), mustChangePassword: account.mustChangePassword };
  }

  /**
   * Changes the password of the session's account (the first-login change, or any later one).
   * The session becomes a full session; the account's other sessions end.
   */
  async changePassword(input: { token: string; currentPassword: string; newPassword: string } & RequestOrigin): Promise<{ expiresAt: number }> {
    const resolved = await this.#sessions.resolve(input.token);
    const account = await this.#storage.accounts.get(resolved.account.id);
    if (!account) throw new NotAuthenticatedError();
    const start = await this.#attempts.begin(this.#throttleKeys(account.id, input.ip));
    if (!start.allowed) throw new RateLimitedError('Too many failed attempts; try again later', Math.ceil(start.retryAfterMs / 1000));
    const current = input.currentPassword;
    if (typeof current !== 'string' || !(await this.#checked(start.attempt, () => this.#hasher.verify(account.passwordHash, current)))) {
      throw new NotAuthenticatedError('The current password is wrong');
    }
    await this.#attempts.succeeded(start.attempt);
    if (typeof input.newPassword !== 'string') throw new ValidationError('Enter a new password', { details: { reason: 'TOO_SHORT' } });
    const problem = checkNewPassword(input.newPassword, {
      logins: [account.code, account.username],
      currentMatches: await this.#hasher.verify(account.passwordHash, input.newPassword),
    });
    if (problem) throw new ValidationError(`The new password is not acceptable (${problem})`, { details: { reason: problem } });
    const now = this.#clock.now();
    await this.#storage.accounts.setPassword(account.id, await this.#hasher.hash(input.newPassword), false, now);
    await this.#sessions.revokeAllForUser(account.id, input.token);
    const expiresAt = await this.#sessions.upgradeAfterPasswordChange(input.token, resolved.createdAt);
    await this.#record({ at: now, kind: 'password_changed', userId: account.id, schoolId: account.schoolId, login: null, ip: input.ip, userAgent: input.userAgent ?? null, detail: null });
    return { expiresAt };
  }

  /**
   * Checks a lesson password typed by an account, as a counted attempt per account and lesson
   * (issue 13.6): after 5 wrong ones in 15 minutes that account's guesses at that lesson are
   * refused with RateLimitedError for a minute, then two... `check` compares the password.
   */
  async checkLessonPassword(userId: string, lessonId: string, check: () => Promise<boolean>): Promise<boolean> {
    const start = await this.#attempts.begin([['lesson_password', `${userId}:${lessonId}`]]);
    if (!start.allowed) {
      const seconds = Math.ceil(start.retryAfterMs / 1000);
      throw new RateLimitedError(`Too many wrong lesson passwords; try again in ${seconds} s`, seconds);
    }
    const right = await this.#checked(start.attempt, check);
    if (right) await this.#attempts.succeeded(start.attempt);
    return right;
  }

  /**
   * An admin gives an account a new generated password (forgotten password): it must be changed
   * at the next login, and every session of the account ends. Returns the password once.
   */
  async resetPassword(actor: Actor, userId: string, origin: RequestOrigin): Promise<{ initialPassword: string }> {
    const account = await this.#requireAccount(userId);
    assertCan(actor, 'account.manage', { kind: 'school', schoolId: account.schoolId });
    const initialPassword = generateInitialPassword();
    const now = this.#clock.now();
    await this.#storage.accounts.setPassword(account.id, await this.#hasher.hash(initialPassword), true, now);
    await this.#sessions.revokeAllForUser(account.id);
    await this.#storage.loginThrottle.clear('account', account.id);
    await this.#record({ at: now, kind: 'password_reset', userId: account.id, schoolId: account.schoolId, login: null, ip: origin.ip, userAgent: origin.userAgent ?? null, detail: `by:${actor.userId}` });
    return { initialPassword };
  }

  /** An admin disables or re-enables an account; disabling ends its sessions. */
  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<void> {
    const account = await this.#requireAccount(userId);
    assertCan(actor, 'account.manage', { kind: 'school', schoolId: account.schoolId });
    await this.#storage.accounts.updateProfile(userId, { disabled }, this.#clock.now());
    if (disabled) await this.#sessions.revokeAllForUser(userId);
  }

  async #requireAccount(userId: string): Promise<Account> {
    const account = await this.#storage.accounts.get(userId);
    if (!account) throw new NotFoundError('No such account');
    return account;
  }

  #throttleKeys(accountKey: string, ip: string | null): ThrottleKey[] {
    const keys: ThrottleKey[] = [['account', accountKey]];
    if (ip) keys.push(['ip', ipThrottleKey(ip)]);
    return keys;
  }

  /** Runs the password check of a counted attempt; a check that could not run is taken back. */
  async #checked(attempt: Attempt, check: () => Promise<boolean>): Promise<boolean> {
    try {
      return await check();
    } catch (err) {
      await this.#attempts.cancelled(attempt);
      throw err;
    }
  }

  #record(event: AuthEvent): Promise<void> {
    return this.#storage.authEvents.record(event);
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= this.#hasher.hash(newSecret(16)).catch((err: unknown) => {
      this.#dummyHash = undefined; // a busy hasher must not poison every later unknown login
      throw err;
    });
    return this.#dummyHash;
  }
}

function normalizeLogin(raw: unknown): string {
  const login = typeof raw === 'string' ? raw.normalize('NFKC').trim() : '';
  if (login === '' || login.length > 100) throw new ValidationError('Enter your ID code or username');
  return login;
}

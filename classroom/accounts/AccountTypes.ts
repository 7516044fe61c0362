/** Accounts, sessions, login throttling and the two security logs (R3, R18, R21). */

export type Role = 'admin' | 'teacher' | 'student' | 'parent';
export const ROLES: readonly Role[] = ['admin', 'teacher', 'student', 'parent'];

export interface Account {
  id: string;
  schoolId: string;
  role: Role;
  /** Personal identification code (ma dinh danh); required for teachers and students. */
  code: string | null;
  /** Lower-case login name; admins and parents usually log in with one. */
  username: string | null;
  /** NFC. */
  displayName: string;
  /** argon2id PHC string. */
  passwordHash: string;
  /** True for accounts with a generated or reset password: the next login must change it. */
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  passwordChangedAt: number | null;
}

/** An account as other layers may see it: no password hash. */
export type PublicAccount = Omit<Account, 'passwordHash'>;

export function publicAccount(a: Account): PublicAccount {
  const { passwordHash: _omit, ...rest } = a;
  return rest;
}

export interface AccountStore {
  /** Throws ConflictError when the code or username is taken. */
  create(account: Account): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  findByCode(code: string): Promise<Account | undefined>;
  /** `username` is compared lower-cased. */
  findByUsername(username: string): Promise<Account | undefined>;
  /** Accounts holding any of `codes`, in any school (codes are national). */
  findByCodes(codes: readonly string[]): Promise<Account[]>;
  listBySchool(schoolId: string, role?: Role): Promise<Account[]>;
  updateProfile(id: string, change: { displayName?: string; disabled?: boolean }, at: number): Promise<void>;
  setPassword(id: string, passwordHash: string, mustChangePassword: boolean, at: number): Promise<void>;
}

export interface SessionRecord {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  /** Absolute end, moved forward by activity but never past createdAt + the maximum lifetime. */
  expiresAt: number;
  lastSeenAt: number;
  /** True until the first-login password change: the session may do nothing else. */
  passwordChangeOnly: boolean;
  ip: string | null;
  userAgent: string | null;
  revokedAt: number | null;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(tokenHash: string): Promise<SessionRecord | undefined>;
  touch(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  markPasswordChanged(tokenHash: string): Promise<void>;
  /** Resolves true when the session was live and is now revoked. */
  revoke(tokenHash: string, at: number): Promise<boolean>;
  /** Revokes every live session of a user but `exceptTokenHash`; resolves with the count. */
  revokeAllForUser(userId: string, at: number, exceptTokenHash?: string): Promise<number>;
  /** Deletes sessions that ended before `before`; resolves with the count. */
  purgeEnded(before: number): Promise<number>;
}

/** What a counter counts: logins per account, per IP, and lesson password guesses per account and lesson. */
export type ThrottleScope = 'account' | 'ip' | 'lesson_password';

export interface ThrottleState {
  /** Failures since `windowStart`. */
  failures: number;
  windowStart: number;
  /** 0 when not locked. */
  lockedUntil: number;
  /** Locks so far; each lock lasts twice as long as the previous one. */
  lockLevel: number;
}

export interface LoginThrottleStore {
  get(scope: ThrottleScope, key: string): Promise<ThrottleState | undefined>;
  /**
   * Atomic read-modify-write of one counter (a row lock on PostgreSQL, so nodes that record
   * failures for the same account at once do not lose any).
   */
  update(scope: ThrottleScope, key: string, at: number, change: (s: ThrottleState) => ThrottleState): Promise<ThrottleState>;
  /**
   * The same over several counters at once, in one transaction: `change` sees every state (a
   * missing counter as empty) and returns them all, in the order of `keys`. A login attempt
   * counts itself on its account and its IP in one step, so that no concurrent attempt can slip
   * between the check and the count.
   */
  updateMany(keys: readonly (readonly [ThrottleScope, string])[], at: number, change: (states: ThrottleState[]) => ThrottleState[]): Promise<ThrottleState[]>;
  clear(scope: ThrottleScope, key: string): Promise<void>;
}

export type AuthEventKind =
  | 'login_succeeded'
  | 'login_failed'
  | 'login_locked'
  | 'logout'
  | 'password_changed'
  | 'password_reset'
  | 'sessions_revoked';

export interface AuthEvent {
  at: number;
  kind: AuthEventKind;
  /** Null for a failed login with an unknown name. */
  userId: string | null;
  schoolId: string | null;
  /** What was typed as login (trimmed, at most 100 characters); never the password. */
  login: string | null;
  ip: string | null;
  userAgent: string | null;
  /** A short machine-readable reason ("bad_password", "unknown_login", "disabled"...). */
  detail: string | null;
}

export interface LogQuery {
  /** Inclusive. Default: no lower bound. */
  since?: number;
  /** Exclusive. Default: no upper bound. */
  until?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** Every login, failed login, logout and password change (R3), newest first when read. */
export interface AuthEventLog {
  record(event: AuthEvent): Promise<void>;
  /**
   * A refused attempt (its key locked), recorded without holding its answer: merged with the
   * other refusals of the same kind, account, login and address into one record (the first
   * refusal's time, detail "refused:<count>;until:<last ms>"), written within a few seconds. A
   * flood against a locked key thus costs a record every few seconds, not one per attempt.
   */
  recordRefusal(event: AuthEvent): void;
  /** Resolves once everything recorded so far is written. */
  flush(): Promise<void>;
  forUser(userId: string, query?: LogQuery): Promise<AuthEvent[]>;
  forSchool(schoolId: string, query?: LogQuery): Promise<AuthEvent[]>;
}

export type PersonalDataAction = 'view' | 'export' | 'create' | 'update' | 'delete' | 'import';

/** One access to personal data (R21): who did what to whose data, when, from where. */
export interface PersonalDataAccess {
  at: number;
  actorId: string;
  schoolId: string;
  action: PersonalDataAction;
  /** The person whose data it is; null for bulk operations (a class export, an import). */
  subjectUserId: string | null;
  /** What was accessed, e.g. "attendance:lesson:les_x", "roster:class:cls_y". */
  resource: string;
  ip: string | null;
  detail: string | null;
}

/** The audit log the HTTP layer writes to whenever it serves or changes personal data. */
export interface PersonalDataAuditLog {
  record(access: PersonalDataAccess): Promise<void>;
  forSubject(userId: string, query?: LogQuery): Promise<PersonalDataAccess[]>;
  forActor(actorId: string, query?: LogQuery): Promise<PersonalDataAccess[]>;
  forSchool(schoolId: string, query?: LogQuery): Promise<PersonalDataAccess[]>;
}

import type { PublicAccount } from './AccountTypes.js';

export interface SessionOptions {
  /** A session ends this long after login whatever its use. Default 12 h (a school day). */
  maxLifetimeMs?: number;
  /** A session unused this long ends. Default 2 h. */
  idleTimeoutMs?: number;
  /** A first-login session (password change only) ends this long after login. Default 15 min. */
  passwordChangeWindowMs?: number;
  /** Activity is written at most this often per session (one write, not one per request). Default 60 s. */
  touchIntervalMs?: number;
}

/** Where a request comes from, for the logs. */
export interface RequestOrigin {
  ip: string | null;
  userAgent?: string | null;
}

export interface NewSession {
  /**
   * The opaque token (256 random bits, base64url): put it in an HttpOnly, Secure,
   * SameSite=Lax cookie. Only its SHA-256 is stored.
   */
  token: string;
  expiresAt: number;
}

export interface ResolvedSession {
  account: PublicAccount;
  /** True until the first-login password change; see `requireFullSession`. */
  passwordChangeOnly: boolean;
  createdAt: number;
  expiresAt: number;
}

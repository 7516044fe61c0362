import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotAuthenticatedError } from './errors.js';

/**
 * Compact signed tokens: base64url(JSON payload) "." base64url(HMAC-SHA256). The payload
 * carries `exp` (ms since epoch); a token is valid only before it. Used for join links and
 * resume tokens: whoever holds a valid token holds what it grants, so keep lifetimes short.
 */
export interface SignedPayload {
  /** Expiry, ms since the Unix epoch. */
  exp: number;
  /** What the token is for; a token minted for one purpose is refused for another. */
  purpose: string;
}

/** Longest token accepted, to bound the work done on hostile input. */
export const MAX_TOKEN_LENGTH = 2048;

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signToken<P extends SignedPayload>(payload: P, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/**
 * Returns the payload of a genuine, unexpired token minted for `purpose`; throws a
 * NotAuthenticatedError (with a message safe to show) otherwise.
 */
export function verifyToken(token: string, secret: string, purpose: string, now: number): Record<string, unknown> & SignedPayload {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new NotAuthenticatedError('Invalid link token');
  }
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) throw new NotAuthenticatedError('Invalid link token');
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new NotAuthenticatedError('Invalid link token');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new NotAuthenticatedError('Invalid link token');
  }
  const p = payload as Partial<SignedPayload> | null;
  if (!p || typeof p !== 'object' || typeof p.exp !== 'number' || p.purpose !== purpose) {
    throw new NotAuthenticatedError('Invalid link token');
  }
  if (p.exp <= now) throw new NotAuthenticatedError('This link has expired');
  return p as Record<string, unknown> & SignedPayload;
}

/**
 * Join-link tokens minted by the bench itself, so that it can join any number of bots without the
 * server's code (bench may import only proto/): base64url(JSON payload) "." base64url(HMAC-SHA256
 * of the payload part), the format of platform/signedToken.ts. The bench writes the secret into
 * the server config it starts (`auth.linkSecret`).
 */
import { createHmac } from 'node:crypto';

export type JoinRole = 'teacher' | 'student';

export interface JoinGrant {
  lessonId: string;
  userId: string;
  name: string;
  role: JoinRole;
}

/** Smallest secret the server accepts (`auth.linkSecret`, config schema). */
export const MIN_SECRET_LENGTH = 32;

/** A join token valid for `ttlMs` from `now` (ms since the epoch). */
export function mintJoinToken(secret: string, grant: JoinGrant, now = Date.now(), ttlMs = 6 * 3_600_000): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`link secret must have at least ${MIN_SECRET_LENGTH} characters`);
  // Key order as the server writes it (purpose, exp, then the grant); the server does not depend on it.
  const payload = { purpose: 'join', exp: now + ttlMs, lessonId: grant.lessonId, userId: grant.userId, name: grant.name, role: grant.role };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The student/teacher link the client understands: the token rides in the URL fragment. */
export function joinUrl(baseUrl: string, lessonId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/lesson/${encodeURIComponent(lessonId)}#t=${token}`;
}

/** A random secret for a bench run (never reused, never written anywhere but the temp config). */
export function randomSecret(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

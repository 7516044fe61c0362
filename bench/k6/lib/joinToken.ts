/**
 * Join-link tokens minted inside a k6 scenario (k6/crypto + k6/encoding), the format the server
 * verifies: base64url(JSON payload) "." base64url(HMAC-SHA256(secret, payload part)). The
 * scenario gets the server's link secret (`auth.linkSecret`) in the LINK_SECRET variable.
 */
import { hmac } from 'k6/crypto';
import { b64encode } from 'k6/encoding';

export interface JoinGrant {
  lessonId: string;
  userId: string;
  name: string;
  role: 'teacher' | 'student';
}

export function mintJoinToken(secret: string, grant: JoinGrant, now: number = Date.now(), ttlMs = 3_600_000): string {
  if (!secret || secret.length < 32) throw new Error('LINK_SECRET (the server auth.linkSecret, >= 32 characters) is required');
  const payload = { purpose: 'join', exp: now + ttlMs, lessonId: grant.lessonId, userId: grant.userId, name: grant.name, role: grant.role };
  const body = b64encode(JSON.stringify(payload), 'rawurl');
  return `${body}.${hmac('sha256', secret, body, 'base64rawurl')}`;
}

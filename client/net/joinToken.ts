import type { Role } from './types.js';

/** What a join link's token says about itself; for display only, the server verifies it. */
export interface JoinTokenInfo {
  name: string;
  role: Role | null;
  lessonId: string;
  /** Expiry in ms since the epoch; 0 when absent. */
  exp: number;
}

/**
 * Reads the payload of a join-link token: base64url(JSON) before the ".". The signature is
 * not checked (the client has no key): the result only pre-fills the join page. Returns null
 * for anything that is not such a token.
 */
export function decodeJoinToken(token: string): JoinTokenInfo | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 4096) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlToUtf8(token.slice(0, dot)));
  } catch {
    return null;
  }
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  return {
    name: typeof p['name'] === 'string' ? p['name'].slice(0, 64) : '',
    role: p['role'] === 'teacher' || p['role'] === 'student' ? p['role'] : null,
    lessonId: typeof p['lessonId'] === 'string' ? p['lessonId'] : '',
    exp: typeof p['exp'] === 'number' && Number.isFinite(p['exp']) ? p['exp'] : 0,
  };
}

function base64UrlToUtf8(input: string): string {
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Vietnamese names are not ASCII: decode the bytes as UTF-8, not as Latin-1.
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

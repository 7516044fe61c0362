import { decodeJoinToken } from '../net/joinToken.js';

/**
 * A student's join link, the only page the join entry shows (client/app/route.ts reads the same
 * `/lesson/<id>#t=<token>`; joinLink.test.ts keeps them in step): a teacher's link, a signed-in
 * join (no token: the lesson's password, the account's name), an expired link and every other
 * route wait for the app, which explains them.
 */
export function studentJoinLink(loc: Pick<Location, 'pathname' | 'hash'>, now: number): { lessonId: string; token: string } | null {
  const match = /^\/lesson\/([A-Za-z0-9_-]{1,64})\/*$/.exec(loc.pathname);
  if (!match?.[1]) return null;
  const token = new URLSearchParams(loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash).get('t') ?? '';
  const info = token ? decodeJoinToken(token) : null;
  if (!info || info.role !== 'student' || (info.exp > 0 && info.exp <= now)) return null;
  return { lessonId: match[1], token };
}

/**
 * The two routes of phase 1:
 * - `/lesson/<lessonId>#t=<token>`: a join link; the token is in the fragment so that it
 *   never reaches server logs or Referer headers;
 * - anything else: the home page.
 */
export type Route = { kind: 'home' } | { kind: 'lesson'; lessonId: string; token: string };

export function parseRoute(loc: Pick<Location, 'pathname' | 'hash'>): Route {
  const match = /^\/lesson\/([^/]+)\/?$/.exec(loc.pathname);
  if (!match?.[1]) return { kind: 'home' };
  let lessonId: string;
  try {
    lessonId = decodeURIComponent(match[1]);
  } catch {
    return { kind: 'home' };
  }
  const fragment = new URLSearchParams(loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash);
  return { kind: 'lesson', lessonId, token: fragment.get('t') ?? '' };
}

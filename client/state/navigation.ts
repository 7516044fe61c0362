import { signal } from '@preact/signals';

/**
 * Where the page is: the path, query and fragment of the current URL, as a signal. The app
 * navigates with the History API (no reload: the lesson's socket and devices survive a
 * language switch or a panel, and a weak link loads the app once).
 */
export interface UrlState {
  pathname: string;
  search: string;
  hash: string;
}

function read(): UrlState {
  if (typeof location === 'undefined') return { pathname: '/', search: '', hash: '' };
  return { pathname: location.pathname, search: location.search, hash: location.hash };
}

export const url = signal<UrlState>(read());

/** Goes to a path of this app (`/login?next=…`). `replace` keeps the back button sane for redirects. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = safeLocalPath(to) ?? '/';
  if (typeof history !== 'undefined') {
    if (options.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
  }
  url.value = typeof location === 'undefined' ? parseLocal(target) : read();
  if (typeof window !== 'undefined' && !options.replace) window.scrollTo?.(0, 0);
}

/** Re-reads the URL (popstate, hashchange). */
export function syncUrl(): void {
  url.value = read();
}

/** The current path with its query, for a `next=` parameter. */
export function currentPathWithQuery(): string {
  const { pathname, search } = url.peek();
  return pathname + search;
}

/**
 * A `next=` target that stays in this app: a path starting with one `/` (not `//host`, not
 * `/\\host`, no scheme). Anything else is refused, so that a crafted login link cannot send
 * the user to another site after they sign in.
 */
export function safeLocalPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  return value;
}

function parseLocal(path: string): UrlState {
  const hashAt = path.indexOf('#');
  const beforeHash = hashAt >= 0 ? path.slice(0, hashAt) : path;
  const queryAt = beforeHash.indexOf('?');
  return {
    pathname: queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash,
    search: queryAt >= 0 ? beforeHash.slice(queryAt) : '',
    hash: hashAt >= 0 ? path.slice(hashAt) : '',
  };
}

/** `/login?next=<here>`: where a lost session sends the user. */
export function loginPathFor(next: string): string {
  return next && next !== '/' && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** `/password?next=<here>`: the first-login password change. */
export function passwordPathFor(next: string): string {
  return next && next !== '/' && !next.startsWith('/password') && !next.startsWith('/login') ? `/password?next=${encodeURIComponent(next)}` : '/password';
}

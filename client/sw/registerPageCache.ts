/**
 * The page's side of the service worker (client/sw/serviceWorker.ts): registers it on a built
 * app in a secure context (https, or localhost), and reloads the page once when a script of the
 * build it was started from can no longer be loaded (a page opened just before a deploy).
 */

/** A page already answered by the worker checks for a new worker later, off the join's round trips. */
const RECHECK_DELAY_MS = 30_000;
/** After the load and this idle wait at most: the first visit's join goes first on a weak link. */
const IDLE_TIMEOUT_MS = 2_000;
const RELOADED_KEY = 'lophoc:reloaded-for-build';

export function registerPageCache(): void {
  if (!import.meta.env.PROD || !globalThis.isSecureContext || !('serviceWorker' in navigator)) return;
  window.addEventListener('vite:preloadError', reloadOnceForNewBuild);
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => undefined);
  };
  const whenIdle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(register, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(register, 0));
  const afterLoad = () => (navigator.serviceWorker.controller ? setTimeout(register, RECHECK_DELAY_MS) : whenIdle());
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}

/**
 * A lazily loaded script of this page's build failed (Vite's `vite:preloadError`): the server
 * has a newer build and the old file is gone from every cache. One reload takes the new page;
 * a second failure within a minute is left to the page's own error handling (no reload loop).
 */
function reloadOnceForNewBuild(event: Event): void {
  const last = Number(sessionStorage.getItem(RELOADED_KEY) ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem(RELOADED_KEY, String(Date.now()));
  event.preventDefault();
  location.reload();
}

import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './app/App.js';
import { installDebugHook } from './app/debugHook.js';
import { lang, languageReady, t } from './i18n/index.js';
import { preloadMediaLibrary } from './media/index.js';
import { continueFromEntry } from './state/entryJoin.js';
import { entryJoinWaiting } from './joinEntry/handOver.js';
import { setViewportWidth } from './state/layout.js';
import { syncUrl } from './state/navigation.js';
import { registerPageCache } from './sw/registerPageCache.js';
import { markOnce } from './util/timeline.js';

/**
 * The composition root: language, viewport, URL, debug hook, render. Loaded by the join entry
 * (client/joinEntry/main.ts, the page's first script; it brings the join page's styles).
 */
function main(): void {
  markOnce('app-start');
  // A join link: mediasoup-client (~38 kB gzip) is on the way to the first sound; its download
  // starts now, before the first render, so the link does not idle while the page renders (issue 10).
  // Not on a join the entry started: its sound plays already, the lesson's screen comes first (state/entryJoin.ts).
  if (location.pathname.startsWith('/lesson/') && !entryJoinWaiting()) void preloadMediaLibrary().catch(() => undefined);
  const root = document.getElementById('app');
  if (!root) throw new Error('#app is missing from index.html');
  installDebugHook();
  effect(() => {
    document.documentElement.lang = lang.value;
    document.title = t('app.title');
  });
  const onResize = () => setViewportWidth(window.innerWidth);
  window.addEventListener('resize', onResize, { passive: true });
  onResize();
  // Back/forward, and a new join link pasted into the same tab (only the fragment changes).
  window.addEventListener('popstate', syncUrl);
  window.addEventListener('hashchange', syncUrl);
  // Vietnamese at once; a remembered English after its messages arrived (no Vietnamese flash).
  // The join entry's page goes, its join goes on as this app's (client/joinEntry/).
  void languageReady().then(() => {
    continueFromEntry();
    render(<App />, root);
  });
  // The next visit's page from the cache, without the HTML's round trips (issue 10).
  registerPageCache();
}

main();

import { render } from 'preact';
import { App } from './app/App.js';
import { installDebugHook } from './app/debugHook.js';
import { parseRoute } from './app/route.js';
import { lang, t } from './i18n/index.js';
import { effect } from '@preact/signals';
import { setViewportWidth } from './state/layout.js';
import './styles/app.css';

/** The composition root: route, language, viewport, debug hook, render. */
function main(): void {
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
  // The app never navigates by itself in phase 1; a new link pasted into the same tab only
  // changes the fragment (the token), so re-render on hashchange.
  const draw = () => render(<App route={parseRoute(location)} />, root);
  window.addEventListener('hashchange', draw);
  draw();
}

main();

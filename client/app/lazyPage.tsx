import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { Loading } from '../features/auth/RequireAuth.js';
import { log } from '../util/log.js';
import { loadScreenStyles } from './pageStyles.js';

/**
 * A component loaded on first use; `preload()` starts the download ahead of it (errors are shown
 * on use); `loaded()` tells whether it is here (rendering it then shows it at once).
 */
export type LazyComponent<P extends object> = FunctionComponent<P> & {
  preload(): void;
  loaded(): boolean;
  /** Starts the download if needed; resolves once it is here (rejects if it failed). */
  ready(): Promise<void>;
};

/**
 * A page loaded on first use, in its own chunk, with the pages' stylesheet (app/pageStyles.ts):
 * a join link downloads only the join page's code and styles before "Vào lớp"; the teacher's and
 * the administrator's pages are never downloaded by the students' phones.
 */
export function lazyPage<P extends object>(loadPage: () => Promise<FunctionComponent<P>>): LazyComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<FunctionComponent<P>> | null = null;
  const load = () => Promise.all([loadPage(), loadScreenStyles()]).then(([page]) => page);
  const preload = () => {
    if (loaded || pending) return;
    pending = load();
    pending.then(
      (component) => (loaded = component),
      () => (pending = null),
    );
  };
  function LazyPage(props: P) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let alive = true;
      pending ??= load();
      pending.then(
        (component) => {
          loaded = component;
          if (alive) setReady(1);
        },
        (error: unknown) => {
          log.warn('a page could not be loaded', error);
          pending = null;
          if (alive) setFailed(true);
        },
      );
      return () => {
        alive = false;
      };
    }, []);
    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (failed) {
      return (
        <main class="page page--center" data-testid="page-load-failed">
          <div class="card card--center">
            <p>{t('http.error.NETWORK')}</p>
            <button type="button" class="button button--primary" onClick={() => location.reload()}>
              {t('final.reload')}
            </button>
          </div>
        </main>
      );
    }
    return <Loading />;
  }
  const ready = (): Promise<void> => {
    preload();
    return loaded || !pending ? Promise.resolve() : pending.then(() => undefined);
  };
  return Object.assign(LazyPage, { preload, loaded: () => loaded !== null, ready });
}

/** A part of a page loaded on first use, showing nothing until it is there (or if it fails). */
export function lazyPart<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let pending: Promise<FunctionComponent<P>> | null = null;
  return function LazyPart(props: P) {
    const [, setReady] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let alive = true;
      pending ??= load();
      pending.then(
        (component) => {
          loaded = component;
          if (alive) setReady(1);
        },
        (error: unknown) => {
          log.warn('a part of the page could not be loaded', error);
          pending = null;
        },
      );
      return () => {
        alive = false;
      };
    }, []);
    if (!loaded) return null;
    const Part = loaded;
    return <Part {...props} />;
  };
}

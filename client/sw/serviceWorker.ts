/**
 * The service worker, built to /sw.js by client/sw/buildServiceWorker.ts (a classic script: no
 * imports at run time). It answers the app's pages and build files from its cache (the rules are
 * in client/sw/pageCache.ts) and leaves every other request to the network.
 */
import { CACHE_NAME, isAppNavigation, isBuildAsset, PageCache } from './pageCache.js';

/** The parts of the worker's global scope used here (the DOM library has no service-worker types). */
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: { origin: string };
  readonly caches: CacheStorage;
  fetch: typeof fetch;
}

const scope = globalThis as unknown as WorkerScope;
const origin = scope.location.origin;
const pages = new PageCache({ caches: scope.caches, fetch: (input, init) => scope.fetch(input, init), origin });

scope.addEventListener('install', (event) => {
  // The page that registered us has just loaded the current build: keep it and its files now.
  // A new version of this script takes over at once (it only changes how the cache is answered).
  event.waitUntil(pages.refresh(true).then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // A cache of an earlier version of these rules is not read by this one.
      for (const name of await scope.caches.keys()) if (name.startsWith('lophoc-') && name !== CACHE_NAME) await scope.caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate' && isAppNavigation(url, origin)) {
    event.respondWith(pages.navigate(request, (work) => event.waitUntil(work)));
  } else if (isBuildAsset(url, origin) && !request.headers.has('range')) {
    event.respondWith(pages.asset(request));
  }
});

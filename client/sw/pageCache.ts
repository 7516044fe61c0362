/**
 * What the service worker (client/sw/serviceWorker.ts) keeps and answers, written against the
 * Cache and fetch APIs only, so that the rules run in unit tests as they run in the browser.
 *
 * Why (issue 10, a returning student on a 400 kbit/s / 300 ms link): the page's HTML is the one
 * file the HTTP cache cannot answer alone. It must be revalidated (it names the scripts of the
 * current build), and after the server closed the idle connection that costs a new TCP
 * connection and a request: two round trips, ~0.65 s, before the first byte of the lesson, and
 * the inline script of client/index.html cannot open the lesson's WebSocket before it arrives.
 * Answered from this cache, the page and its WebSocket start at once, and the HTML is
 * revalidated in the background for the next visit (stale-while-revalidate).
 *
 * The rules that keep a cached page working after a deploy (docs/deploy.md "Service worker"):
 * - the cached page is used only while the files its HTML names (entry script, stylesheet,
 *   preloads) are in this cache too, so a page never starts without its own scripts, even when
 *   the deploy removed them from the server;
 * - a script the page loads later (the lesson screen, the media library) is kept here when it
 *   passes through, and the files of the build before the current one are kept until the next
 *   deploy is seen: a page opened on the old build can still load them. A dynamic import that
 *   fails all the same reloads the page once (client/sw/registerPageCache.ts).
 * Only navigations to `/` and `/lesson/…` (the app's pages) and GETs of `/assets/…` (hashed,
 * immutable) are answered; everything else (the API, downloads, /metrics) goes to the network
 * untouched. The HTML is the same static file for every user and carries no personal data.
 */

export const CACHE_NAME = 'lophoc-pages-v1';
/** The key the page's HTML is kept under (the server answers every app path with this file). */
export const PAGE_KEY = '/index.html';
/** A small JSON entry: the assets of the build before the current one, deleted at the next deploy seen. */
const PREVIOUS_KEY = '/__lophoc/previous-build-assets';

/** Whether a navigation to `url` is one of the app's pages, answered from the cache. */
export function isAppNavigation(url: URL, origin: string): boolean {
  return url.origin === origin && (url.pathname === '/' || url.pathname.startsWith('/lesson/'));
}

/** Whether `url` is one of the build's hashed files (immutable: a name is never reused for other bytes). */
export function isBuildAsset(url: URL, origin: string): boolean {
  return url.origin === origin && url.pathname.startsWith('/assets/');
}

/**
 * The build's files an HTML page names (scripts, stylesheets, preloads), as paths: in its tags'
 * attributes, and in the strings of its inline script (the join entry names the app's files,
 * client/joinEntry/appFiles.ts).
 */
export function namedAssets(html: string): string[] {
  return [...new Set([...html.matchAll(/["'](\/assets\/[^"'?#\s]+)(?:[?#][^"'\s]*)?["']/g)].map((m) => m[1] as string))];
}

export interface PageCacheDeps {
  caches: CacheStorage;
  fetch: typeof fetch;
  /** The service worker's origin, e.g. https://lophoc.example.edu.vn. */
  origin: string;
}

export type RefreshResult = 'same' | 'updated' | 'failed';

export class PageCache {
  readonly #deps: PageCacheDeps;

  constructor(deps: PageCacheDeps) {
    this.#deps = deps;
  }

  /**
   * The answer to a navigation to an app page: the cached HTML when it and the files it names are
   * all here (then revalidated in the background, `background` keeping the worker alive for it, so
   * that the next visit gets a deploy's new page), else the network's answer, kept for next time.
   */
  async navigate(request: Request, background: (work: Promise<unknown>) => void): Promise<Response> {
    const cached = await this.#usablePage().catch(() => undefined);
    if (cached) {
      background(this.refresh(false).catch(() => 'failed'));
      return cached;
    }
    const response = await this.#deps.fetch(request);
    if (isPage(response)) background(this.#keep(response.clone(), false).catch(() => 'failed'));
    return response;
  }

  /** A build file: from this cache, else from the network (then kept here for the next visit). */
  async asset(request: Request): Promise<Response> {
    const cache = await this.#deps.caches.open(CACHE_NAME);
    const hit = await cache.match(request.url);
    if (hit) return hit;
    const response = await this.#deps.fetch(request);
    // Only whole, good answers: a 404 of a deleted build, or a range, is not a file to keep.
    if (response.status === 200) await cache.put(request.url, response.clone()).catch(() => undefined);
    return response;
  }

  /**
   * Fetches the page's HTML past the HTTP cache's freshness (a conditional request: 304 when
   * unchanged) and keeps it when it changed. `withAssets` also fetches the files it names (at
   * install: the page just loaded them, so they come from the HTTP cache). Without it, a new
   * build's page is kept but used only once its files are here, i.e. after one visit has loaded
   * them from the network: a deploy costs a student one ordinary visit, and never a download
   * in the background on a weak link in the middle of a lesson.
   */
  async refresh(withAssets: boolean): Promise<RefreshResult> {
    const response = await this.#deps.fetch(new Request(new URL(PAGE_KEY, this.#deps.origin), { cache: 'no-cache', credentials: 'same-origin' }));
    return isPage(response) ? this.#keep(response, withAssets) : 'failed';
  }

  async #keep(response: Response, withAssets: boolean): Promise<RefreshResult> {
    const html = await response.clone().text();
    const cache = await this.#deps.caches.open(CACHE_NAME);
    const kept = await cache.match(PAGE_KEY);
    const keptHtml = kept ? await kept.text() : undefined;
    const assets = namedAssets(html);
    if (withAssets) await cache.addAll(assets.map((path) => new URL(path, this.#deps.origin).href));
    if (keptHtml === html) return 'same';
    if (keptHtml !== undefined) await this.#forgetOlderBuilds(cache, new Set(assets));
    await cache.put(PAGE_KEY, response);
    return 'updated';
  }

  /** The cached page, when every file it names is cached too. */
  async #usablePage(): Promise<Response | undefined> {
    const cache = await this.#deps.caches.open(CACHE_NAME);
    const page = await cache.match(PAGE_KEY);
    if (!page) return undefined;
    for (const path of namedAssets(await page.clone().text())) {
      if (!(await cache.match(new URL(path, this.#deps.origin).href))) return undefined;
    }
    return page;
  }

  /**
   * A deploy was seen: the files of the build before the last one go, and those of the last one
   * (all cached files the new page does not name) are remembered, to go at the next deploy.
   */
  async #forgetOlderBuilds(cache: Cache, current: ReadonlySet<string>): Promise<void> {
    const previous = await cache.match(PREVIOUS_KEY);
    const older = previous ? ((await previous.json().catch(() => [])) as unknown) : [];
    for (const href of Array.isArray(older) ? older : []) {
      if (typeof href === 'string' && !current.has(new URL(href).pathname)) await cache.delete(href);
    }
    const last: string[] = [];
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      if (isBuildAsset(url, this.#deps.origin) && !current.has(url.pathname)) last.push(url.href);
    }
    await cache.put(PREVIOUS_KEY, new Response(JSON.stringify(last), { headers: { 'content-type': 'application/json' } }));
  }
}

/** A 200 HTML answer: the page (not an error page of a proxy, not a redirect). */
function isPage(response: Response): boolean {
  return response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/html');
}

import { beforeEach, describe, expect, it } from 'vitest';
import { CACHE_NAME, isAppNavigation, namedAssets, PAGE_KEY, PageCache } from './pageCache.js';

const ORIGIN = 'https://lophoc.test';

/** The Cache API in memory, as the browser's behaves for what PageCache uses (keys resolved against the worker's origin). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  constructor(private readonly fetchFn: typeof fetch) {}
  #key(request: RequestInfo | URL): string {
    return new URL(typeof request === 'string' || request instanceof URL ? request : request.url, ORIGIN).href;
  }
  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    return this.entries.get(this.#key(request))?.clone();
  }
  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    await response.clone().arrayBuffer(); // a used body cannot be put: as in the browser
    this.entries.set(this.#key(request), response);
  }
  async addAll(requests: string[]): Promise<void> {
    for (const r of requests) {
      const response = await this.fetchFn(new Request(r));
      if (!response.ok) throw new TypeError(`addAll: ${r} answered ${response.status}`);
      this.entries.set(this.#key(r), response);
    }
  }
  async delete(request: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(this.#key(request));
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((k) => new Request(k));
  }
}

/** A server with a build: its HTML and files, and what it was asked for. */
class Server {
  files = new Map<string, { body: string; type: string }>();
  asked: string[] = [];
  down = false;
  deploy(build: string, lazy: string[] = []): void {
    this.files = new Map([
      [PAGE_KEY, { body: `<!doctype html><link rel="stylesheet" href="/assets/index-${build}.css"><script type="module" src="/assets/index-${build}.js"></script>`, type: 'text/html; charset=utf-8' }],
      [`/assets/index-${build}.js`, { body: `entry ${build}`, type: 'text/javascript' }],
      [`/assets/index-${build}.css`, { body: `css ${build}`, type: 'text/css' }],
      ...lazy.map((name): [string, { body: string; type: string }] => [`/assets/${name}`, { body: name, type: 'text/javascript' }]),
    ]);
  }
  fetch: typeof fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), ORIGIN);
    this.asked.push(url.pathname);
    if (this.down) throw new TypeError('Failed to fetch');
    const path = url.pathname.startsWith('/lesson/') || url.pathname === '/' ? PAGE_KEY : url.pathname;
    const file = this.files.get(path);
    return file ? new Response(file.body, { status: 200, headers: { 'content-type': file.type } }) : new Response('{"error":{"code":"NOT_FOUND"}}', { status: 404, headers: { 'content-type': 'application/json' } });
  };
}

describe('PageCache', () => {
  let server: Server;
  let cache: MemoryCache;
  let pages: PageCache;
  let background: Promise<unknown>[];
  const navigate = async (path: string) => {
    const response = await pages.navigate(new Request(new URL(path, ORIGIN)), (work) => background.push(work));
    await Promise.all(background.splice(0));
    return response.text();
  };

  beforeEach(() => {
    server = new Server();
    server.deploy('A', ['lesson-A.js']);
    cache = new MemoryCache(server.fetch);
    const caches = { open: async (name: string) => (name === CACHE_NAME ? cache : new MemoryCache(server.fetch)) } as unknown as CacheStorage;
    pages = new PageCache({ caches, fetch: server.fetch, origin: ORIGIN });
    background = [];
  });

  it('answers a join link from the cache after install, with the page revalidated behind it', async () => {
    expect(await pages.refresh(true)).toBe('updated');
    server.asked = [];
    server.down = true; // the answer cannot have come from the network
    expect(await navigate('/lesson/abc#k=1')).toContain('index-A.js');
    expect(server.asked).toEqual([PAGE_KEY]); // only the background revalidation tried
  });

  it('uses the network while nothing is cached, and keeps that page for the next visit', async () => {
    expect(await navigate('/lesson/abc')).toContain('index-A.js');
    expect(await cache.match(PAGE_KEY)).toBeDefined();
    // The files the page named were not cached yet: the next visit is still an ordinary one,
    // and the files it loads through the worker make the one after it answered from the cache.
    server.asked = [];
    await navigate('/lesson/abc');
    expect(server.asked).toEqual(['/lesson/abc']);
    for (const f of ['/assets/index-A.js', '/assets/index-A.css']) await pages.asset(new Request(new URL(f, ORIGIN)));
    server.asked = [];
    await navigate('/lesson/abc');
    expect(server.asked).toEqual([PAGE_KEY]);
  });

  it('keeps serving the old page after a deploy until the new one has its files, and the old files stay usable', async () => {
    await pages.refresh(true);
    await pages.asset(new Request(new URL('/assets/lesson-A.js', ORIGIN))); // loaded later by the old page
    server.deploy('B', ['lesson-B.js']);
    // The first visit after the deploy: the old page at once, its files from the cache though the server lost them.
    expect(await navigate('/lesson/x')).toContain('index-A.js');
    expect(await (await pages.asset(new Request(new URL('/assets/index-A.js', ORIGIN)))).text()).toBe('entry A');
    expect(await (await pages.asset(new Request(new URL('/assets/lesson-A.js', ORIGIN)))).text()).toBe('lesson-A.js');
    // The background revalidation kept the new page, unused until its files are here: the next visit goes to the network.
    expect(await navigate('/lesson/x')).toContain('index-B.js');
    for (const f of ['/assets/index-B.js', '/assets/index-B.css']) await pages.asset(new Request(new URL(f, ORIGIN)));
    server.down = true;
    expect(await navigate('/lesson/x')).toContain('index-B.js');
  });

  it("forgets a build's files at the second deploy after it, not at the first", async () => {
    await pages.refresh(true);
    await pages.asset(new Request(new URL('/assets/lesson-A.js', ORIGIN)));
    server.deploy('B');
    await pages.refresh(true);
    expect(await cache.match('/assets/index-A.js')).toBeDefined();
    expect(await cache.match('/assets/lesson-A.js')).toBeDefined();
    server.deploy('C');
    await pages.refresh(true);
    const kept = [...cache.entries.keys()].map((k) => new URL(k).pathname).filter((p) => p.startsWith('/assets/'));
    expect(kept.sort()).toEqual(['/assets/index-B.css', '/assets/index-B.js', '/assets/index-C.css', '/assets/index-C.js']);
  });

  it('keeps nothing from a failed answer: an error page, a 404 of a deleted file, a network down', async () => {
    await pages.refresh(true);
    server.files.set(PAGE_KEY, { body: 'Bad gateway', type: 'text/plain' });
    expect(await pages.refresh(false)).toBe('failed');
    expect((await pages.asset(new Request(new URL('/assets/gone.js', ORIGIN)))).status).toBe(404);
    expect(await cache.match('/assets/gone.js')).toBeUndefined();
    server.down = true;
    await expect(pages.refresh(false)).rejects.toThrow();
    expect(await (await cache.match(PAGE_KEY))?.text()).toContain('index-A.js');
  });
});

describe('what the worker answers', () => {
  it('only the app pages, on its own origin', () => {
    const nav = (u: string) => isAppNavigation(new URL(u), ORIGIN);
    expect([nav(`${ORIGIN}/`), nav(`${ORIGIN}/lesson/7#k=x`), nav(`${ORIGIN}/api/v1/exports/1.xlsx`), nav(`${ORIGIN}/metrics`), nav('https://other.test/lesson/7')]).toEqual([true, true, false, false, false]);
  });

  it('the files a page names, once each, without query or fragment', () => {
    const html = '<script type="module" src="/assets/a-1.js"></script><link rel="modulepreload" href="/assets/b-2.js"><link href="/assets/a-1.js?v=1"><img src="/logo.svg"><a href="https://x.test/assets/c.js">';
    expect(namedAssets(html)).toEqual(['/assets/a-1.js', '/assets/b-2.js']);
    // The join entry inlined in the page names the app's files in its script (client/joinEntry/appFiles.ts).
    const inline = '<script type="module">const f={"script":"/assets/app-3.js","preloads":["/assets/d-4.js"],"styles":["/assets/app-3.css"]};import(\'/assets/e-5.js#x\')</script>';
    expect(namedAssets(inline)).toEqual(['/assets/app-3.js', '/assets/d-4.js', '/assets/app-3.css', '/assets/e-5.js']);
  });
});

/**
 * The service worker in real Chromium (issue 10: a returning student's page without the HTML's
 * round trips; client/sw/). Two builds on one address, as a school's server before and after a
 * deploy: build B is build A with a marked page and the app's script renamed (so A's is gone from
 * the server). A student who joined on A comes back after the deploy: the old page opens from the
 * cache with its own files, works against the new server, and the next visits take B's page,
 * which then opens with the server unreachable.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { freePort } from '../testkit/ports.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { joinThroughUi } from './lessonPage.js';

const MARK = '<meta name="lophoc-test-build" content="B">';

/**
 * Build B in `dir`: A's files, the page marked, the app's script under another name, and so every
 * chunk that names it (the lazily loaded ones import it), and every chunk that names those, as a
 * new build renames the files whose content changed. Returns A's script path.
 */
function makeBuildB(dirA: string, dir: string): string {
  cpSync(dirA, dir, { recursive: true });
  const assets = join(dir, 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const app = scripts.find((f) => /^app-[^.]*\.js$/.test(f));
  if (!app) throw new Error('the build has no app script');
  const text = new Map(scripts.map((f) => [f, readFileSync(join(assets, f), 'utf8')]));
  const renamed = new Set([app]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [file, code] of text) {
      if (!renamed.has(file) && [...renamed].some((r) => code.includes(r))) grew = renamed.add(file).size > 0;
    }
  }
  const rename = (code: string) => [...renamed].reduce((c, f) => c.replaceAll(f, f.replace(/\.js$/, '-b.js')), code);
  for (const file of renamed) {
    writeFileSync(join(assets, file.replace(/\.js$/, '-b.js')), rename(text.get(file) ?? ''));
    for (const ext of ['', '.br', '.gz', '.map']) rmSync(join(assets, file + ext), { force: true });
  }
  for (const ext of ['', '.br', '.gz']) rmSync(join(dir, `index.html${ext}`), { force: true });
  writeFileSync(join(dir, 'index.html'), rename(readFileSync(join(dirA, 'index.html'), 'utf8').replace('<head>', `<head>\n    ${MARK}`)));
  return `/assets/${app}`;
}

/**
 * Waits until no connection to `port` is left. A test server stopped in this process stops
 * listening, but the HTTP connections the browser keeps alive stay served by it until they are
 * idle for 10-14 s (uWebSockets.js): a real deploy restarts the process, which closes them.
 */
async function connectionsGone(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (execFileSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).trim() !== '') {
    if (Date.now() > deadline) throw new Error(`connections to port ${port} still open after 30 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Whether the worker answered this page's navigation (its timing then starts at the worker). */
const viaWorker = (page: Page) => page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart > 0);
const isBuildB = (page: Page) => page.evaluate(() => document.querySelector('meta[name="lophoc-test-build"]') !== null);
const cachedPage = (page: Page) => page.evaluate(async () => (await (await caches.open('lophoc-pages-v1')).match('/index.html'))?.text() ?? '');

describe('the page from the service worker, before and after a deploy', () => {
  const dirs = mkdtempSync(join(tmpdir(), 'lophoc-builds-'));
  const dirA = join(dirs, 'a');
  const dirB = join(dirs, 'b');
  let port: number;
  let server: TestServer | undefined;
  let browser: TestBrowser;
  let context: BrowserContext;
  let oldAppScript: string;

  beforeAll(async () => {
    cpSync(join(process.cwd(), 'dist/client'), dirA, { recursive: true });
    oldAppScript = makeBuildB(dirA, dirB);
    port = await freePort();
    browser = await launchChromium();
    context = (await browser.newUser({ phone: true })).context;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dirs, { recursive: true, force: true });
  });

  const start = async (clientDir: string) => {
    server = await startTestServer({ http: { port, clientDir } });
    return server;
  };

  it('a first visit installs it, with the page and its files kept', async () => {
    const a = await start(dirA);
    const page = context.pages()[0] as Page;
    await joinThroughUi(page, a.demo?.students[0] ?? '');
    expect(await viaWorker(page)).toBe(false);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await cachedPage(page)).toContain(oldAppScript);
    await page.close();
    await a.stop();
    server = undefined;
    await connectionsGone(port);
  });

  it('after a deploy the old page opens from the cache, loads its own files the server no longer has, and joins', async () => {
    const b = await start(dirB);
    expect((await fetch(`${b.httpUrl}${oldAppScript}`)).status).toBe(404);
    const page = await context.newPage();
    await joinThroughUi(page, b.demo?.students[1] ?? '');
    expect(await viaWorker(page)).toBe(true);
    expect(await isBuildB(page)).toBe(false);
    const script = await page.evaluate(async (href) => (await fetch(href)).status, oldAppScript);
    expect(script).toBe(200);
    // Behind it, the worker revalidated the page and kept B's.
    await expect.poll(() => cachedPage(page), { timeout: 15_000 }).toContain(MARK);
    await page.close();
  });

  it('leaves the rest of the server to the network', async () => {
    const page = await context.newPage();
    const answer = await page.goto(`${(server as TestServer).httpUrl}/healthz`);
    expect(await answer?.json()).toEqual({ status: 'ok' });
    expect(await viaWorker(page)).toBe(false);
    await page.close();
  });

  it("the next visit takes B's page, and once its files are kept it opens with the server down", async () => {
    const b = server as TestServer;
    const link = b.demo?.students[2] ?? '';
    const page = await context.newPage();
    await joinThroughUi(page, link);
    expect(await isBuildB(page)).toBe(true);
    await page.close();
    await b.stop();
    server = undefined;
    await connectionsGone(port);
    const offline = await context.newPage();
    await offline.goto(link);
    await offline.getByTestId('join-button').waitFor({ timeout: 15_000 });
    expect(await offline.evaluate(async () => fetch('/healthz').then(() => 'answered', () => 'unreachable'))).toBe('unreachable');
    expect(await isBuildB(offline)).toBe(true);
    // Its styles applied (inlined with the join entry): the join page is laid out by them, not by the browser's defaults.
    expect(await offline.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    await offline.close();
  });

  it('turned off by the server (http.pageCache false), it removes itself and its cache at the next visit', async () => {
    const off = (server = await startTestServer({ http: { port, clientDir: dirB, pageCache: false } }));
    const page = await context.newPage();
    const started = Date.now();
    await joinThroughUi(page, off.demo?.students[0] ?? '');
    const left = () => page.evaluate(async () => ({ workers: (await navigator.serviceWorker.getRegistrations()).length, caches: (await caches.keys()).filter((k) => k.startsWith('lophoc-')) }));
    await expect.poll(left, { timeout: 60_000, intervals: [1000] }).toEqual({ workers: 0, caches: [] });
    console.log(`page cache removed ${Date.now() - started} ms after the visit began`);
    await page.close();
    const next = await context.newPage();
    await next.goto(off.demo?.students[0] ?? '');
    expect(await viaWorker(next)).toBe(false);
  });
});

/**
 * The built client (dist/client) served from memory: it is small, and reading it once at
 * start-up keeps file I/O off the request path. Hashed assets are immutable; HTML is revalidated.
 * The build writes each compressible file also as `.br` and `.gz` (client/vite.config.ts
 * `precompress`): those are the file's encoded variants, not files of their own; a file the
 * build did not compress is gzipped here once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker (a module worker: served as JavaScript or the browser refuses it).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
  brotli: Buffer | undefined;
  type: string;
  etag: string;
  cacheControl: string;
  /**
   * An HTML page's inline scripts as CSP sources (`'sha256-…'`): the page's policy allows these
   * exact scripts and no other inline code (client/index.html opens a lesson's WebSocket early).
   */
  inlineScripts: string[];
}

/** CSP hash sources of the inline `<script>` elements (those without src) of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`,
  );
}

/**
 * The service worker served instead of the build's when `http.pageCache` is false: browsers that
 * installed the page cache fetch /sw.js again at their next visit (the page registers it, and
 * the browser checks for a new one at least daily), take this one, and it deletes the cache and
 * unregisters itself. It answers no request, so the page comes from the network at once.
 */
const REMOVING_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('lophoc-')) await caches.delete(name);
  await self.registration.unregister();
})()));
`;

export class StaticFiles {
  readonly #files = new Map<string, StaticFile>();

  /**
   * Loads every file under `dir`; a missing dir gives an empty set (the server still serves APIs).
   * `pageCache: false` (config `http.pageCache`) answers /sw.js with a worker that removes itself.
   */
  constructor(dir: string, options: { pageCache?: boolean } = {}) {
    if (!existsSync(dir)) return;
    if (options.pageCache === false) this.#set('/sw.js', Buffer.from(REMOVING_WORKER), 'no-cache');
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (!(/\.(br|gz)$/.test(name) && existsSync(full.slice(0, -3))) && !this.#files.has('/' + relative(dir, full).split(sep).join('/'))) {
          this.#add('/' + relative(dir, full).split(sep).join('/'), full);
        }
      }
    };
    walk(dir);
  }

  get size(): number {
    return this.#files.size;
  }

  /** The file for a URL path; unknown paths that look like app routes get index.html. */
  lookup(path: string): StaticFile | undefined {
    const exact = this.#files.get(path === '/' ? '/index.html' : path);
    if (exact) return exact;
    if (extname(path) === '' || path.startsWith('/lesson/')) return this.#files.get('/index.html');
    return undefined;
  }

  #set(path: string, body: Buffer, cacheControl: string): void {
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    this.#files.set(path, { body, gzip: undefined, brotli: undefined, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, cacheControl, inlineScripts: [] });
  }

  #add(path: string, full: string): void {
    const body = readFileSync(full);
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && body.length > 512;
    const variant = (ext: string) => (compressible && existsSync(full + ext) ? readFileSync(full + ext) : undefined);
    this.#files.set(path, {
      body,
      gzip: variant('.gz') ?? (compressible ? gzipSync(body, { level: 9 }) : undefined),
      brotli: variant('.br'),
      type,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      cacheControl: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      inlineScripts: type.startsWith('text/html') ? inlineScriptHashes(body.toString('utf8')) : [],
    });
  }
}

/**
 * The body to send for an Accept-Encoding header: brotli when accepted and made, else gzip, else
 * the file itself. (Browsers offer brotli over https only; plain http gets gzip.)
 */
export function encodedBody(file: StaticFile, acceptEncoding: string): { body: Buffer; encoding: 'br' | 'gzip' | null } {
  if (file.brotli && /\bbr\b/.test(acceptEncoding)) return { body: file.brotli, encoding: 'br' };
  if (file.gzip && /\bgzip\b/.test(acceptEncoding)) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.body, encoding: null };
}

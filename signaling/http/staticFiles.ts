/**
 * The built client (dist/client) served from memory: it is small, and reading it once at
 * start-up keeps file I/O off the request path. Hashed assets are immutable; HTML is revalidated.
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
  type: string;
  etag: string;
  cacheControl: string;
}

export class StaticFiles {
  readonly #files = new Map<string, StaticFile>();

  /** Loads every file under `dir`; a missing dir gives an empty set (the server still serves APIs). */
  constructor(dir: string) {
    if (!existsSync(dir)) return;
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else this.#add('/' + relative(dir, full).split(sep).join('/'), readFileSync(full));
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

  #add(path: string, body: Buffer): void {
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && body.length > 512;
    this.#files.set(path, {
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
      type,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      cacheControl: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
}

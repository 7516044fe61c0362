import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { encodedBody, inlineScriptHashes, StaticFiles } from './staticFiles.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function built(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'static-'));
  dirs.push(dir);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

const js = 'export const x = 1;\n'.repeat(100);

describe('StaticFiles', () => {
  it("serves the build's .br and .gz as the encodings of their file, not as files of their own", () => {
    const br = brotliCompressSync(Buffer.from(js));
    const files = new StaticFiles(built({ 'index.html': '<!doctype html>', 'assets/app-1.js': js, 'assets/app-1.js.br': br, 'assets/app-1.js.gz': 'precompressed gzip' }));
    const file = files.lookup('/assets/app-1.js');
    expect(file?.brotli).toEqual(br);
    expect(file?.gzip?.toString()).toBe('precompressed gzip');
    expect(files.lookup('/assets/app-1.js.br')).toBeUndefined();
    expect(files.lookup('/assets/app-1.js.gz')).toBeUndefined();
    expect(file?.cacheControl).toBe('public, max-age=31536000, immutable');
    expect(files.lookup('/lesson/les_1')?.cacheControl).toBe('no-cache');
  });

  it('gzips at start-up what the build did not compress, and makes no brotli of its own', () => {
    const file = new StaticFiles(built({ 'assets/old.js': js })).lookup('/assets/old.js');
    expect(file?.brotli).toBeUndefined();
    expect(gunzipSync(file?.gzip ?? Buffer.alloc(0)).toString()).toBe(js);
  });

  it("gives an HTML page its inline scripts' CSP hashes (not those of scripts with src), other files none", () => {
    const inline = "\n      if (location.pathname) window.x = 1;\n    ";
    const html = `<!doctype html><head><script>${inline}</script><script type="module" crossorigin src="/assets/app-1.js"></script></head>`;
    const files = new StaticFiles(built({ 'index.html': html, 'assets/app-1.js': js }));
    const expected = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
    expect(files.lookup('/lesson/les_1')?.inlineScripts).toEqual([expected]);
    expect(files.lookup('/assets/app-1.js')?.inlineScripts).toEqual([]);
    expect(inlineScriptHashes('<script src="/a.js"></script>')).toEqual([]);
  });

  it("serves the build's service worker, or with pageCache off one that removes itself and its cache", () => {
    const build = built({ 'index.html': '<!doctype html>', 'sw.js': 'self.addEventListener("fetch", () => {});', 'sw.js.gz': 'gz' });
    expect(new StaticFiles(build).lookup('/sw.js')?.body.toString()).toContain('fetch');
    const off = new StaticFiles(build, { pageCache: false }).lookup('/sw.js');
    expect(off?.body.toString()).toContain('registration.unregister()');
    expect(off?.body.toString()).not.toContain('fetch');
    expect([off?.type, off?.cacheControl, off?.gzip]).toEqual(['text/javascript; charset=utf-8', 'no-cache', undefined]);
  });

  it('a .gz with no file beside it is a file like any other', () => {
    expect(new StaticFiles(built({ 'backup.tar.gz': 'x' })).lookup('/backup.tar.gz')?.body.toString()).toBe('x');
  });
});

describe('encodedBody', () => {
  const file = new StaticFiles(built({ 'assets/a.js': js, 'assets/a.js.br': 'BR', 'assets/a.js.gz': 'GZ' })).lookup('/assets/a.js');
  if (!file) throw new Error('the fixture has no file');

  it('prefers brotli, then gzip, then the file itself', () => {
    expect(encodedBody(file, 'gzip, deflate, br, zstd')).toEqual({ body: Buffer.from('BR'), encoding: 'br' });
    expect(encodedBody(file, 'gzip, deflate')).toEqual({ body: Buffer.from('GZ'), encoding: 'gzip' });
    expect(encodedBody(file, '')).toEqual({ body: Buffer.from(js), encoding: null });
  });

  it('does not take a longer token for brotli', () => {
    expect(encodedBody(file, 'brotli-ish, gzip').encoding).toBe('gzip');
  });
});

/** Blob downloads through a real uWebSockets.js server: Range, HEAD, ETag, headers, authorization. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskBlobStore, NotAuthorizedError, createRootLogger } from '../../platform/index.js';
import { loadNativeUws } from '../server/nativeUws.js';
import { createApp, listen, type Listening } from '../server/listen.js';
import { registerApiRoutes } from './api/registerApi.js';
import { blobResponse } from './download.js';
import { OriginPolicy } from './origins.js';
import { SECURITY_HEADERS } from './responses.js';
import { HttpRouter } from './router.js';

const dir = mkdtempSync(join(tmpdir(), 'classroom-download-'));
const data = randomBytes(6 * 1024 * 1024 + 123);
let store: DiskBlobStore;
let key: string;
let listening: Listening;
let base: string;

beforeAll(async () => {
  store = await DiskBlobStore.open({ dir });
  ({ key } = await store.put(Readable.from([data]), { area: 'submissions', maxBytes: data.length, contentType: 'image/jpeg' }));
  const uws = loadNativeUws();
  const app = createApp(uws, undefined);
  registerApiRoutes(
    new HttpRouter(app, SECURITY_HEADERS),
    [
      {
        method: 'get',
        head: true,
        path: '/files/:area/:id',
        handle: async (req) => {
          if (req.cookieHeader !== 'may=read') throw new NotAuthorizedError('no');
          return blobResponse(store, `${req.params.area}/${req.params.id}`, req, { fileName: 'Ảnh bài làm 1.jpg', disposition: req.query.get('inline') ? 'inline' : 'attachment' });
        },
      },
    ],
    createRootLogger({ level: 'silent' }, {}),
    new OriginPolicy({ allowedOrigins: [], tls: false }),
  );
  listening = await listen(uws, app, { host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${listening.port}/files/${key}`;
});

afterAll(() => {
  listening?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (headers: Record<string, string> = {}, url = base, method = 'GET') => fetch(url, { method, headers: { cookie: 'may=read', ...headers } });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('blob downloads', () => {
  it('sends the whole file with length, ETag, disposition and no sniffing', async () => {
    const r = await get();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe(String(data.length));
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('etag')).toBe(`"${sha(data)}"`);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="Anh bai lam 1.jpg"; filename*=UTF-8''%E1%BA%A2nh%20b%C3%A0i%20l%C3%A0m%201.jpg`);
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    expect(sha(new Uint8Array(await r.arrayBuffer()))).toBe(sha(data));
  });

  it('shows an image inline when asked', async () => {
    const r = await get({}, `${base}?inline=1`);
    expect(r.headers.get('content-disposition')).toMatch(/^inline; /);
    await r.arrayBuffer();
  });

  it('answers a range with 206 and Content-Range', async () => {
    const r = await get({ range: 'bytes=1000-1999' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 1000-1999/${data.length}`);
    expect(Buffer.from(await r.arrayBuffer()).equals(data.subarray(1000, 2000))).toBe(true);
  });

  it('answers a suffix range, and resumes a download from an offset', async () => {
    const tail = await get({ range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(data.length - 10))).toBe(true);
    const rest = await get({ range: `bytes=${data.length - 5000}-`, 'if-range': `"${sha(data)}"` });
    expect(rest.status).toBe(206);
    expect(Buffer.from(await rest.arrayBuffer()).equals(data.subarray(data.length - 5000))).toBe(true);
  });

  it('sends the whole file when If-Range names another version', async () => {
    const r = await get({ range: 'bytes=0-9', 'if-range': '"something-else"' });
    expect(r.status).toBe(200);
    await r.arrayBuffer();
  });

  it('answers 416 with the size for a range past the end', async () => {
    const r = await get({ range: `bytes=${data.length}-` });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe(`bytes */${data.length}`);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const r = await get({ 'if-none-match': `"${sha(data)}"` });
    expect(r.status).toBe(304);
  });

  it('answers HEAD with the length and no body', async () => {
    const r = await get({}, base, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe(String(data.length));
    expect((await r.arrayBuffer()).byteLength).toBe(0);
    const after = await get({ range: 'bytes=0-3' }); // the connection is still usable
    expect(after.status).toBe(206);
    await after.arrayBuffer();
  });

  it('refuses someone who may not read, and 404s an unknown file', async () => {
    expect((await fetch(base)).status).toBe(403);
    expect((await fetch(base, { method: 'HEAD' })).status).toBe(403);
    const missing = await get({}, `http://127.0.0.1:${listening.port}/files/submissions/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(missing.status).toBe(404);
  });

  it('streams to a slow reader without losing bytes (backpressure)', async () => {
    const got = await new Promise<Buffer>((resolve, reject) => {
      request(base, { headers: { cookie: 'may=read' } }, (res) => {
        const chunks: Buffer[] = [];
        res.pause();
        const tick = setInterval(() => {
          let c: Buffer | null;
          for (let i = 0; i < 8 && (c = res.read() as Buffer | null); i++) chunks.push(c);
        }, 2);
        res.on('end', () => {
          clearInterval(tick);
          resolve(Buffer.concat(chunks));
        });
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(sha(got)).toBe(sha(data));
  });

  it('cuts the connection when the client goes away mid-download, and keeps serving', async () => {
    const controller = new AbortController();
    const r = await fetch(base, { headers: { cookie: 'may=read' }, signal: controller.signal });
    const reader = r.body!.getReader();
    await reader.read();
    controller.abort();
    const again = await get({ range: 'bytes=0-0' });
    expect(again.status).toBe(206);
    await again.arrayBuffer();
  });
});

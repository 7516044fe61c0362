import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadPrebuilt, prebuiltFileName } from './prebuilt.mjs';

const dirs: string[] = [];
let server: Server | undefined;
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'lophoc-prebuilt-'));
  dirs.push(d);
  return d;
}

/** A release server answering `handler`; resolves its base URL. */
async function release(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

/** A .tgz holding a `mediasoup-worker` that exits with `code` (41 = a real worker without MEDIASOUP_VERSION). */
function workerArchive(code: number): Buffer {
  const dir = temp();
  writeFileSync(join(dir, 'mediasoup-worker'), `#!/bin/sh\nexit ${code}\n`, { mode: 0o755 });
  spawnSync('tar', ['czf', join(dir, 'w.tgz'), '-C', dir, 'mediasoup-worker']);
  return readFileSync(join(dir, 'w.tgz'));
}

describe("mediasoup's prebuilt worker download", () => {
  it('asks for the release file mediasoup itself asks for, unpacks it and checks that it runs here', async () => {
    const requested: string[] = [];
    const tgz = workerArchive(41);
    const baseUrl = await release((req, res) => {
      requested.push(req.url ?? '');
      res.end(tgz);
    });
    const stage = temp();
    const got = await downloadPrebuilt({ version: '3.19.22', stage, baseUrl });
    expect(got).toEqual({ ok: true, bin: join(stage, 'mediasoup-worker') });
    expect(requested).toEqual([`/3.19.22/${prebuiltFileName('3.19.22')}`]);
    expect(prebuiltFileName('3.19.22')).toMatch(/^mediasoup-worker-3\.19\.22-linux-x64-kernel\d+\.tgz$/);
  });

  it('refuses a worker that does not run here, and a missing release', async () => {
    const tgz = workerArchive(127);
    let baseUrl = await release((_req, res) => res.end(tgz));
    expect(await downloadPrebuilt({ version: '3.19.22', stage: temp(), baseUrl })).toMatchObject({ ok: false, reason: expect.stringMatching(/does not run here \(exit 127\)/) });
    server?.close();
    baseUrl = await release((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    expect(await downloadPrebuilt({ version: '3.19.22', stage: temp(), baseUrl })).toMatchObject({ ok: false, reason: expect.stringMatching(/HTTP 404$/) });
  });

  it('gives up quickly on a server that never answers, and at once on an unknown host', async () => {
    const baseUrl = await release(() => {
      // never answers, like a firewall that drops the packets
    });
    const t0 = Date.now();
    const silent = await downloadPrebuilt({ version: '3.19.22', stage: temp(), baseUrl, headersTimeoutMs: 300 });
    expect(silent).toMatchObject({ ok: false, reason: expect.stringMatching(/timed out$/) });
    expect(Date.now() - t0).toBeLessThan(5000);
    const unknown = await downloadPrebuilt({ version: '3.19.22', stage: temp(), baseUrl: 'http://no-such-host.invalid' });
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
  });
});

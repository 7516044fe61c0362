/**
 * How the HTTP side answers (issue 13.6): HSTS when the server terminates TLS, HEAD answered
 * like GET without a body, /metrics only on its loopback listener or with the token. Against a
 * real server over TLS (a self-signed certificate made for the test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';
let server: TestServer;
let certDir: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request that accepts the test's self-signed certificate, each on a new connection. */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'classroom-tls-'));
  const [certFile, keyFile] = [join(certDir, 'cert.pem'), join(certDir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  server = await startTestServer({ demo: { enabled: false }, http: { tls: { certFile, keyFile } }, metrics: { port: 0, token: TOKEN } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

describe('HTTP serving over TLS (issue 13.6)', () => {
  it('every answer carries HSTS when the server terminates TLS', async () => {
    const answers = [await call('GET', '/'), await call('GET', '/healthz'), await call('GET', '/api/me'), await call('POST', '/api/auth/login', { 'content-type': 'application/json' }, '{}'), await call('GET', '/no/such/api')];
    for (const a of answers) expect(a.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('HEAD is answered like GET, without a body', async () => {
    for (const path of ['/', '/healthz', '/api/me', '/lesson/abc']) {
      const get = await call('GET', path);
      const head = await call("HEAD", path).catch((e: Error) => { throw new Error(`${path}: ${e.message}`); });
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe('');
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
      expect(Number(head.headers['content-length']), path).toBe(Buffer.byteLength(get.body));
    }
  });

  it('a GET with a body is refused with 400 once the body arrived, not reset (found by the HTTP fuzzer)', async () => {
    for (const size of [10, 20_000]) {
      const body = '{'.repeat(size);
      const a = await call('GET', '/api/me', { 'content-length': String(size), connection: 'close' }, body);
      expect(a.status, `${size} bytes`).toBe(400);
      expect(JSON.parse(a.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await call('GET', '/api/me', { 'content-length': String(70_000), connection: 'close' }, '{'.repeat(70_000))).status).toBe(413);
  });

  it('/metrics: on the loopback listener; on the main port only with the bearer token', async () => {
    expect((await call('GET', '/metrics')).status).toBe(401);
    expect((await call('GET', '/metrics', { authorization: 'Bearer wrong-token' })).status).toBe(401);
    const withToken = await call('GET', '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain('classroom_ws_connections');
    expect(server.metricsPort).toBeGreaterThan(0);
    const local = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain('classroom_ws_connections');
    expect((await fetch(`http://127.0.0.1:${server.metricsPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${server.metricsPort}/api/me`)).status).toBe(404);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { mintJoinToken } from '../lib/token.js';
import { runScenario, type RunSummary } from './runner.js';

const SECRET = 'runner-test-secret-0123456789abcdef0123';
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    else res.writeHead(500).end('nope');
  });
  const wss = new WebSocketServer({ server, path: '/echo' });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('the Node runner of the k6 scenarios', () => {
  let summary: RunSummary;

  beforeAll(async () => {
    summary = await runScenario({ scenario: join(import.meta.dirname, '..', 'k6', 'fixtures', 'shimFixture.ts'), env: { BASE_URL: baseUrl, LINK_SECRET: SECRET } });
  }, 60_000);

  it('runs the shared iterations of the options on the VUs, and setup once', () => {
    expect(summary.vus).toBe(2);
    expect(summary.iterations).toBe(5);
    expect(summary.metrics.visits).toMatchObject({ type: 'counter', count: 5 });
    expect(summary.errors).toEqual({ count: 0, iterationTimeouts: 0, first: [] });
  });

  it('records every check by name, failures included', () => {
    expect(summary.checks.byName['ok is 200']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks.byName['ok says hello']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks.byName['fail is 200 (fails on purpose)']).toEqual({ passes: 0, fails: 5 });
    expect(summary.checks.byName['VU and iteration are set']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks.byName['hmac matches the token']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks.byName['b64 rawurl']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks.byName['binary echo']).toEqual({ passes: 5, fails: 0 });
    expect(summary.checks).toMatchObject({ passed: 30, failed: 5 });
  });

  it('does synchronous HTTP with k6 metrics', () => {
    expect(summary.metrics.http_reqs).toMatchObject({ count: 10 });
    expect(summary.metrics.http_req_failed).toMatchObject({ type: 'rate', rate: 0.5, passes: 5, fails: 5 });
    expect(summary.metrics.http_req_duration).toMatchObject({ type: 'trend', count: 10 });
  });

  it('keeps an iteration alive until its socket closed and its timers fired', () => {
    expect(summary.metrics.echo_ms).toMatchObject({ type: 'trend', count: 5 });
    expect(summary.metrics.fixture_ok).toMatchObject({ type: 'rate', rate: 1, passes: 5 });
    expect(summary.metrics.ws_sessions).toMatchObject({ count: 5 });
    expect(summary.metrics.ws_msgs_sent).toMatchObject({ count: 5 });
    expect(summary.metrics.ws_msgs_received).toMatchObject({ count: 5 });
  });

  it('evaluates thresholds, and fails the ones it cannot evaluate', () => {
    const byExpr = Object.fromEntries(summary.thresholds.map((t) => [`${t.metric} ${t.expression}`, t.ok]));
    expect(byExpr).toEqual({
      'echo_ms count==5': true,
      'echo_ms max>=0': true,
      'fixture_ok rate==1': true,
      'http_req_failed rate<0.5': false,
      'never_recorded count<1': true,
      'http_req_duration{name:ok} p(95)<1000': false,
    });
    expect(summary.thresholdsOk).toBe(false);
  });

  it('mints with k6/crypto and k6/encoding the same join token as the bench', async () => {
    const expected = mintJoinToken(SECRET, { lessonId: 'l1', userId: 'u1', name: 'Học sinh', role: 'student' }, 1_000, 60_000);
    const tokenCheck = await runScenario({
      scenario: join(import.meta.dirname, '__fixtures__', 'tokenScenario.ts'),
      env: { LINK_SECRET: SECRET, EXPECTED: expected },
    });
    expect(tokenCheck.checks.byName['same token']).toEqual({ passes: 1, fails: 0 });
  }, 60_000);
});

/**
 * TURN in the JoinResponse (issue 10, T2): each join carries the configured ICE servers plus the
 * project's TURN server with a credential minted for that user, which the real coturn accepts.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '../../testkit/coturn.js';
import { startTestServer, type TestServer } from '../../testkit/testServer.js';
import { turnAllocate } from '../../testkit/turnProbe.js';
import { TestClient } from '../../testkit/wsClient.js';
import { configSchema } from '../config.js';

describe('TURN servers handed out at join', () => {
  let turn: Coturn;
  let server: TestServer;

  beforeAll(async () => {
    turn = await startCoturn();
    server = await startTestServer({
      iceServers: [{ urls: ['stun:stun.lophoc.test:3478'] }],
      turn: { secret: turn.secret, urls: turn.urls, ttlSeconds: 600 },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await turn?.stop();
  });

  it('a join gets the configured servers, then TURN with `expiry:user` signed by the shared secret', async () => {
    const lessonId = server.demo?.lessonId ?? '';
    const c = await TestClient.connect(server.wsUrl);
    const before = Math.floor(Date.now() / 1000);
    const r = await c.join({ joinToken: server.links.mint({ lessonId, userId: 'student-7', name: 'Em Bảy', role: 'student' }) });
    c.close();
    const servers = r.join?.iceServers ?? [];
    expect(servers.map((s) => s.urls)).toEqual([['stun:stun.lophoc.test:3478'], turn.urls]);
    const t = servers[1];
    const [expiry, user] = (t?.username ?? '').split(':');
    expect(user).toBe('student-7');
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(t?.credential).toBe(createHmac('sha1', turn.secret).update(t?.username ?? '').digest('base64'));
    // The real coturn takes it (TURN over TCP here; the coturn test covers UDP and TLS).
    const allocated = await turnAllocate({ transport: 'tcp', host: turn.ip, port: turn.port, username: t?.username ?? '', password: t?.credential ?? '' });
    expect(allocated).toMatchObject({ ok: true });
  }, 20_000);

  it('the configuration refuses a short secret and a URL that is not turn: or turns:', () => {
    expect(configSchema.safeParse({ turn: { secret: 'short', urls: ['turn:x:3478'] } }).success).toBe(false);
    expect(configSchema.safeParse({ turn: { secret: 'x'.repeat(32), urls: ['stun:x:3478'] } }).success).toBe(false);
    expect(configSchema.safeParse({ turn: { secret: 'x'.repeat(32), urls: ['turns:x:443?transport=tcp'] } }).success).toBe(true);
  });
});

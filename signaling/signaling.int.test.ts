/**
 * Bad input gets a clear answer and nothing breaks (issue: "Bad input gets a clear answer"):
 * every case against a real server, then proof that the server still serves everyone else.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../proto/index.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';
import { CLOSE } from './ws/closeCodes.js';

/** The joining participant's own name, from its JoinResponse. */
const selfName = (m: classroom.v1.ServerMessage) => m.join?.snapshot?.participants?.find((p) => p.id === m.join?.participantId)?.displayName;

const v1 = classroom.v1;
const E = v1.ErrorCode;
let server: TestServer;

const link = (role: 'teacher' | 'student', n = 1, lessonId = server.demo?.lessonId ?? '', ttlMs?: number) =>
  server.links.mint({ lessonId, userId: `${role}-${n}`, name: role === 'teacher' ? 'Cô Lan' : `Em ${n}`, role }, ttlMs);

beforeAll(async () => {
  server = await startTestServer({ signaling: { joinTimeoutMs: 1500 } });
});
afterAll(async () => {
  await server?.stop();
});

describe('signaling: bad input', () => {
  it('a malformed frame gets BAD_REQUEST with request id 0, and the connection stays usable', async () => {
    const c = await TestClient.connect(server.wsUrl);
    c.sendRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    const err = await c.waitForPush((m) => m.body === 'error');
    expect(err.error?.code).toBe(E.ERROR_CODE_BAD_REQUEST);
    const ok = await c.join({ joinToken: link('student', 1) });
    expect(ok.body).toBe('join');
    c.close();
  });

  it('an unknown message body and a text frame get BAD_REQUEST', async () => {
    const c = await TestClient.connect(server.wsUrl);
    c.sendRaw(new Uint8Array([0x08, 0x05, 0xba, 0x3e, 0x00])); // request 5, field 999
    const unknown = await c.waitForPush((m) => m.requestId === 5 || m.body === 'error');
    expect(unknown.error?.code).toBe(E.ERROR_CODE_BAD_REQUEST);
    c.sendRaw('hello');
    await c.waitForPush((m) => m.error?.message === 'Binary frames only');
    c.close();
  });

  it('a frame over the size limit drops the connection at once', async () => {
    const c = await TestClient.connect(server.wsUrl);
    c.sendRaw(new Uint8Array(server.config.signaling.maxPayloadBytes + 1));
    // uWebSockets.js cuts the connection without a close frame: the client sees 1006.
    expect([1006, 1009]).toContain(await c.waitForClose());
  });

  it('a request before join gets NOT_JOINED', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const r = await c.request({ sendChat: { text: 'xin chào' } });
    expect(r.error?.code).toBe(E.ERROR_CODE_NOT_JOINED);
    c.close();
  });

  it('a forged token gets UNAUTHENTICATED and close 4401', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const token = link('student', 2);
    const [body] = token.split('.');
    const r = await c.join({ joinToken: `${body}.AAAAforgedsignatureAAAAAAAAAAAAAAAAAAAAAAA` });
    expect(r.error?.code).toBe(E.ERROR_CODE_UNAUTHENTICATED);
    expect(await c.waitForClose()).toBe(CLOSE.unauthenticated);
  });

  it('an expired token gets UNAUTHENTICATED "expired" and close 4401', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const r = await c.join({ joinToken: link('student', 3, undefined, -1000) });
    expect(r.error).toMatchObject({ code: E.ERROR_CODE_UNAUTHENTICATED, message: 'This link has expired' });
    expect(await c.waitForClose()).toBe(CLOSE.unauthenticated);
  });

  it('an unknown lesson gets NOT_FOUND and close 4404', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const r = await c.join({ joinToken: link('teacher', 1, 'no-such-lesson') });
    expect(r.error?.code).toBe(E.ERROR_CODE_NOT_FOUND);
    expect(await c.waitForClose()).toBe(CLOSE.notFound);
  });

  it('an unsupported protocol version gets UNSUPPORTED_VERSION and close 4426', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const r = await c.request({ join: { protocolVersion: 99, joinToken: link('student', 4) } });
    expect(r.error?.code).toBe(E.ERROR_CODE_UNSUPPORTED_VERSION);
    expect(await c.waitForClose()).toBe(CLOSE.unsupportedVersion);
  });

  it('malformed RTP capabilities get BAD_REQUEST and the connection stays', async () => {
    const c = await TestClient.connect(server.wsUrl);
    await c.join({ joinToken: link('student', 5) });
    const r = await c.request({ mediaSetup: { rtpCapabilities: { codecs: [{ kind: v1.MediaKind.MEDIA_KIND_VIDEO, mimeType: 'nonsense', clockRate: 90000 }] } } });
    expect(r.error?.code).toBe(E.ERROR_CODE_BAD_REQUEST);
    const chat = await c.request({ sendChat: { text: 'vẫn ở đây' } });
    expect(chat.body).toBe('ack');
    c.close();
  });

  it("a student's teacher-only request gets FORBIDDEN and the lesson goes on", async () => {
    const c = await TestClient.connect(server.wsUrl);
    await c.join({ joinToken: link('student', 6) });
    const r = await c.request({ endLesson: {} });
    expect(r.error?.code).toBe(E.ERROR_CODE_FORBIDDEN);
    expect((await c.request({ raiseHand: {} })).body).toBe('ack');
    c.close();
  });

  it('a guest name loses control, bidi-override and zero-width characters (issue 13.5)', async () => {
    const c = await TestClient.connect(server.wsUrl);
    const r = await c.join({ joinToken: link('student', 8), displayName: '\u202EAn\u200B\u0000\n Bình\u202C' });
    expect(selfName(r)).toBe('An Bình');
    c.close();
  });

  it('a guest name with nothing visible is refused with a clear reason; the connection stays for another try', async () => {
    const c = await TestClient.connect(server.wsUrl);
    for (const name of ['\u200B\u200B\u200B', '\u202E\u202C', '\u0000\n']) {
      const r = await c.join({ joinToken: link('student', 9), displayName: name });
      expect(r.error).toMatchObject({ code: E.ERROR_CODE_BAD_REQUEST, reason: 'display_name_invalid' });
    }
    expect(selfName(await c.join({ joinToken: link('student', 9), displayName: 'Hà' }))).toBe('Hà');
    c.close();
  });

  it('a connection that never joins is closed with 4408', async () => {
    const c = await TestClient.connect(server.wsUrl);
    expect(await c.waitForClose(5000)).toBe(CLOSE.joinTimeout);
  });

  it('after all of that, the server still serves a teacher and a student: join, chat, leave', async () => {
    const teacher = await TestClient.connect(server.wsUrl);
    const tj = await teacher.join({ joinToken: link('teacher', 1) });
    expect(tj.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const student = await TestClient.connect(server.wsUrl);
    const sj = await student.join({ joinToken: link('student', 7), displayName: 'Trần Thị Bích' });
    const studentId = sj.join?.participantId;
    await teacher.waitForPush((m) => m.participantJoined?.participant?.id === studentId);
    await student.request({ sendChat: { text: 'Em chào cô ạ' } });
    const got = await teacher.waitForPush((m) => m.chat?.text === 'Em chào cô ạ');
    expect(got.chat?.displayName).toBe('Trần Thị Bích');
    expect((await student.request({ leave: {} })).body).toBe('ack');
    expect(await student.waitForClose()).toBe(1000);
    const left = await teacher.waitForPush((m) => m.participantLeft?.participantId === studentId);
    expect(left.participantLeft?.reason).toBe(v1.LeaveReason.LEAVE_REASON_LEFT);
    teacher.close();
  });
});

describe('ops endpoints', () => {
  it('/healthz and /readyz answer, /metrics exposes the signaling and media series', async () => {
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    for (const name of [
      'classroom_ws_messages_in_total',
      'classroom_ws_errors_total',
      'classroom_lesson_join_duration_seconds_bucket',
      'classroom_lesson_participants',
      'classroom_lesson_rooms',
      'classroom_sfu_instances_up',
      'classroom_sfu_instance_restarts_total',
      'classroom_nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, name).toContain(name);
    }
  });
});

describe('ops endpoints: what the main port does not give away (issue 13.6)', () => {
  it('/metrics is not served on the main port without a configured token; no HSTS over plain HTTP', async () => {
    const r = await fetch(`${server.httpUrl}/metrics`);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('classroom_');
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('the metrics listener is on loopback by default', () => {
    expect(server.config.metrics.host).toBe('127.0.0.1');
  });
});

describe('start-up', () => {
  it('a server that cannot listen stops what it had started: no mediasoup worker is left', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'classroom-nolisten-'));
    // The workers this test process runs (the suite's own server has one).
    const ourWorkers = () =>
      readdirSync('/proc').filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return /^\d+$/.test(pid) && stat.includes('(mediasoup-work') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
        } catch {
          return false; // gone meanwhile
        }
      });
    const before = ourWorkers();
    expect(before.length).toBeGreaterThan(0);
    try {
      await expect(startTestServer({ dataDir, http: { port } })).rejects.toThrow(/cannot listen on 127.0.0.1/);
      await new Promise((r) => setTimeout(r, 200));
      expect(ourWorkers()).toEqual(before);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

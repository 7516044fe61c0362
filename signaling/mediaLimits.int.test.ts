/**
 * Issue 13.6: what one participant may make the media engine do. Against a real server: a stream
 * of media restarts is cut off RATE_LIMITED after its burst, the connection stays, and a
 * classmate's negotiations are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../proto/index.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

const v1 = classroom.v1;
const BURST = 5;
let server: TestServer;
let world: SchoolWorld;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, signaling: { negotiationBurst: BURST, negotiationsPerMinute: 6 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('media negotiation limits', () => {
  it('a negotiation flood is cut off, a classmate is not', async () => {
    const teacherApi = await signedIn(server.httpUrl, world.teacherA);
    const teacher = await TestClient.connect(server.wsUrl, { cookie: teacherApi.cookie });
    await teacher.join({ lessonId: world.lessonA.id });
    await teacher.request({ updateSettings: { autoAdmit: true } });
    const [a, b] = await Promise.all(
      world.studentsA.map(async (s) => {
        const api = await signedIn(server.httpUrl, s);
        const client = await TestClient.connect(server.wsUrl, { cookie: api.cookie });
        expect((await client.join({ lessonId: world.lessonA.id })).join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
        return client;
      }),
    );

    const answers = [];
    for (let i = 0; i < BURST + 3; i++) answers.push(await a!.request({ restartMedia: {} }));
    const codes = answers.map((m) => (m.body === 'error' ? v1.ErrorCode[m.error?.code ?? 0] : m.body));
    expect(codes.slice(0, BURST)).toEqual(Array(BURST).fill('ack'));
    expect(codes.slice(BURST)).toEqual(Array(3).fill('ERROR_CODE_RATE_LIMITED'));
    // The connection stays and other requests work; the classmate negotiates as usual.
    expect((await a!.request({ sendChat: { text: 'Em xin lỗi cô' } })).body).toBe('ack');
    expect((await b!.request({ restartMedia: {} })).body).toBe('ack');
    for (const c of [a!, b!, teacher]) c.close();
  });
});

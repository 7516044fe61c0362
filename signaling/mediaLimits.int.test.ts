/**
 * Issue 13.6: a 402-m-line offer sent again and again kept Janus at 65% of a core. Against a real
 * server: such an offer is refused TOO_LARGE before the media engine sees it, a stream of
 * negotiations is cut off RATE_LIMITED after its burst, the connection stays, and a classmate's
 * negotiations are not affected.
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

const offer = (sections: number) =>
  ['v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', ...Array.from({ length: sections }, (_, i) => `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:${i}`)].join('\r\n') + '\r\n';

describe('media negotiation limits', () => {
  it('an offer with 402 media sections is refused, a negotiation flood is cut off, a classmate is not', async () => {
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

    const huge = await a!.request({ publish: { sdp: offer(402), tracks: [{ mid: '0', source: v1.TrackSource.TRACK_SOURCE_MICROPHONE }] } });
    expect(huge.error?.code, huge.error?.message ?? '').toBe(v1.ErrorCode.ERROR_CODE_TOO_LARGE);
    expect(huge.error?.message).toMatch(/402 media sections/);

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

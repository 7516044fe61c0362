/**
 * The transport negotiation's bad input on a mediasoup server, through the real signaling: each
 * request gets a clear error, the connection stays, and what a client may send is bounded.
 * (Media that flows is lessonMedia.int.test.ts, on both engines.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../proto/index.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

const v1 = classroom.v1;
const E = v1.ErrorCode;
let server: TestServer;
let n = 0;

const join = async (role: 'teacher' | 'student') => {
  const c = await TestClient.connect(server.wsUrl);
  const token = server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId: `u${++n}`, name: `Người ${n}`, role });
  const answer = await c.join({ joinToken: token });
  return { c, answer };
};

beforeAll(async () => {
  server = await startTestServer({ media: { engine: 'mediasoup' } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('transport negotiation on mediasoup: bad input', () => {
  it("the JoinResponse says TRANSPORT and carries the router's Opus and VP8", async () => {
    const { c, answer } = await join('teacher');
    expect(answer.join?.mediaNegotiation).toBe(v1.MediaNegotiation.MEDIA_NEGOTIATION_TRANSPORT);
    expect((answer.join?.rtpCapabilities?.codecs ?? []).map((x) => x.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
    c.close();
  });

  it('SDP requests are refused with a clear BAD_REQUEST, and the connection stays', async () => {
    const { c } = await join('teacher');
    const r = await c.request({ publish: { sdp: 'v=0', tracks: [{ mid: '0', source: v1.TrackSource.TRACK_SOURCE_MICROPHONE }] } });
    expect(r.error?.code).toBe(E.ERROR_CODE_BAD_REQUEST);
    expect(r.error?.message).toMatch(/transports, not SDP/);
    expect((await c.request({ raiseHand: {} })).body).toBe('ack');
    c.close();
  });

  it('a track the router cannot receive, or of the wrong kind, is refused with BAD_REQUEST', async () => {
    const { c, answer } = await join('teacher');
    const caps = answer.join?.rtpCapabilities ?? {};
    expect((await c.request({ mediaSetup: { rtpCapabilities: caps } })).body).toBe('mediaSetup');
    const h264 = { codecs: [{ mimeType: 'video/H264', payloadType: 102, clockRate: 90000 }], encodings: [{ ssrc: 1234 }] };
    const r1 = await c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: h264 } });
    expect(r1.error?.code).toBe(E.ERROR_CODE_BAD_REQUEST);
    const vp8 = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1234 }] };
    const r2 = await c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: vp8 } });
    expect([r2.error?.code, r2.error?.message]).toEqual([E.ERROR_CODE_BAD_REQUEST, 'A microphone track must be audio']);
    expect((await c.request({ raiseHand: {} })).body).toBe('ack');
    c.close();
  });

  it('a transport that does not exist is NOT_FOUND; a consumer that does not exist (any more) is ignored', async () => {
    const { c } = await join('teacher');
    const before = await c.request({ connectTransport: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_SEND, dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] } } });
    expect([before.error?.code, before.error?.message]).toEqual([E.ERROR_CODE_NOT_FOUND, 'no send transport: set up media first']);
    expect((await c.request({ resumeConsumer: { consumerId: 'c_gone' } })).body).toBe('ack');
    c.close();
  });

  it('media set-ups are limited per participant per minute (RATE_LIMITED, the connection stays)', async () => {
    const { c, answer } = await join('teacher');
    const caps = answer.join?.rtpCapabilities ?? {};
    const codes: Array<number | string> = [];
    for (let i = 0; i < 13; i++) codes.push((await c.request({ mediaSetup: { rtpCapabilities: caps } })).error?.code ?? 'ok');
    expect(codes.slice(0, 12)).toEqual(Array(12).fill('ok'));
    expect(codes[12]).toBe(E.ERROR_CODE_RATE_LIMITED);
    expect((await c.request({ raiseHand: {} })).body).toBe('ack');
    c.close();
  });
});

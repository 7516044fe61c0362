/**
 * The transport negotiation's bad input, through the real signaling: each request gets a clear
 * error, the connection stays, and what a client may send is bounded. (Media that flows is
 * lessonMedia.int.test.ts.)
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
  server = await startTestServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('transport negotiation: bad input', () => {
  it("the JoinResponse carries the router's Opus and VP8", async () => {
    const { c, answer } = await join('teacher');
    expect((answer.join?.rtpCapabilities?.codecs ?? []).map((x) => x.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
    c.close();
  });

  it('the removed SDP requests (reserved field 20: PublishRequest) get a clear BAD_REQUEST, and the connection stays', async () => {
    const { c } = await join('teacher');
    // request_id = 900, field 20 holding a PublishRequest with sdp "v=0" (what a client of the Janus engine sent).
    c.sendRaw(new Uint8Array([0x08, 0x84, 0x07, 0xa2, 0x01, 0x05, 0x0a, 0x03, 0x76, 0x3d, 0x30]));
    const r = await c.waitForPush((m) => m.requestId === 900, 5_000, 'the answer to request 900');
    expect([r.error?.code, r.error?.message]).toEqual([E.ERROR_CODE_BAD_REQUEST, 'Unknown or missing message body']);
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

  it('capabilities or parameters mediasoup refuses get BAD_REQUEST naming the field; over the limits, TOO_LARGE', async () => {
    const { c, answer } = await join('teacher');
    const caps = answer.join?.rtpCapabilities ?? {};
    // An RTX codec must name its media codec's payload type as a number: the wire lets the text through, mediasoup does not.
    const rtxWithTextApt = { kind: v1.MediaKind.MEDIA_KIND_VIDEO, mimeType: 'video/rtx', clockRate: 90000, preferredPayloadType: 102, parameters: { apt: { text: '101' } } };
    const badCaps = await c.request({ mediaSetup: { rtpCapabilities: { codecs: [...(caps.codecs ?? []), rtxWithTextApt] } } });
    expect([badCaps.error?.code, badCaps.error?.message]).toEqual([E.ERROR_CODE_BAD_REQUEST, 'Invalid media parameters: invalid codec apt parameter']);
    const tooMany = await c.request({ mediaSetup: { rtpCapabilities: { codecs: Array.from({ length: 33 }, () => caps.codecs?.[0] ?? {}) } } });
    expect([tooMany.error?.code, tooMany.error?.message]).toEqual([E.ERROR_CODE_TOO_LARGE, 'rtp_capabilities.codecs has more than 32 items']);

    expect((await c.request({ mediaSetup: { rtpCapabilities: caps } })).body).toBe('mediaSetup');
    const vp8 = { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 };
    const badParams = await c.request({
      produce: {
        source: v1.TrackSource.TRACK_SOURCE_CAMERA,
        kind: v1.MediaKind.MEDIA_KIND_VIDEO,
        rtpParameters: { codecs: [vp8, { mimeType: 'video/rtx', payloadType: 102, clockRate: 90000, parameters: { apt: { text: '101' } } }], encodings: [{ ssrc: 1 }] },
      },
    });
    expect([badParams.error?.code, badParams.error?.message]).toEqual([E.ERROR_CODE_BAD_REQUEST, 'Invalid media parameters: invalid codec apt parameter']);
    const badPt = await c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: { codecs: [{ ...vp8, payloadType: 300 }] } } });
    expect([badPt.error?.code, badPt.error?.message]).toEqual([E.ERROR_CODE_BAD_REQUEST, 'codecs.payload_type must be an integer from 0 to 127']);
    // Nothing broke: the same connection publishes a valid track.
    const good = await c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: { codecs: [vp8], encodings: [{ ssrc: 2 }] } } });
    expect(good.produce?.producerId).toMatch(/.+/);
    c.close();
  });

  it('a consumer whose producer is gone is removed by ConsumersChanged, and resuming it afterwards is a harmless Ack', async () => {
    const teacher = await join('teacher');
    await teacher.c.request({ updateSettings: { autoAdmit: true } });
    const student = await join('student');
    expect(student.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const caps = teacher.answer.join?.rtpCapabilities ?? {};
    const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4242 }] };
    expect((await teacher.c.request({ mediaSetup: { rtpCapabilities: caps } })).body).toBe('mediaSetup');
    const produced = await teacher.c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, kind: v1.MediaKind.MEDIA_KIND_AUDIO, rtpParameters: opus } });
    const producerId = produced.produce?.producerId ?? '';
    expect(producerId).not.toBe('');

    const teacherPid = teacher.answer.join?.participantId ?? '';
    const offered = student.c.waitForPush((m) => !!m.consumersChanged?.added?.some((x) => x.producerId === producerId), 15_000, 'ConsumersChanged added');
    const setup = await student.c.request({ mediaSetup: { rtpCapabilities: caps } });
    const added = (await offered).consumersChanged;
    expect(added?.transportId).toBe(setup.mediaSetup?.recv?.id);
    const consumer = added?.added?.find((x) => x.producerId === producerId);
    expect([consumer?.participantId, consumer?.source]).toEqual([teacherPid, v1.TrackSource.TRACK_SOURCE_MICROPHONE]);

    // The teacher stops the microphone before the student got round to resuming its consumer.
    const removed = student.c.waitForPush((m) => !!m.consumersChanged?.removed?.includes(consumer?.id ?? ''), 15_000, 'ConsumersChanged removed');
    expect((await teacher.c.request({ unpublish: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE } })).body).toBe('ack');
    await removed;
    expect((await student.c.request({ resumeConsumer: { consumerId: consumer?.id ?? '' } })).body).toBe('ack');
    expect((await student.c.request({ raiseHand: {} })).body).toBe('ack');
    student.c.close();
    teacher.c.close();
  });

  it('a join asking for media_at_join gets both transports in its answer, and the consumers of what is published follow it on that receive transport', async () => {
    const teacher = await join('teacher');
    await teacher.c.request({ updateSettings: { autoAdmit: true } });
    const caps = teacher.answer.join?.rtpCapabilities ?? {};
    // An ordinary join (an older client) gets no transports.
    expect(teacher.answer.join?.media).toBeFalsy();
    expect((await teacher.c.request({ mediaSetup: { rtpCapabilities: caps } })).body).toBe('mediaSetup');
    const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4343 }] };
    const producerId = (await teacher.c.request({ produce: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, kind: v1.MediaKind.MEDIA_KIND_AUDIO, rtpParameters: opus } })).produce?.producerId ?? '';
    expect(producerId).not.toBe('');

    const c = await TestClient.connect(server.wsUrl);
    const token = server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId: `u${++n}`, name: `Người ${n}`, role: 'student' });
    const answer = await c.join({ joinToken: token, mediaAtJoin: true });
    const media = answer.join?.media;
    expect([media?.send?.id, media?.recv?.id].every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(media?.send?.id).not.toBe(media?.recv?.id);
    expect(media?.recv?.iceCandidates?.length).toBeGreaterThan(0);
    expect(media?.recv?.dtlsParameters?.fingerprints?.length).toBeGreaterThan(0);
    const added = (await c.waitForPush((m) => !!m.consumersChanged?.added?.some((x) => x.producerId === producerId), 15_000, 'ConsumersChanged of the teacher')).consumersChanged;
    expect(added?.transportId).toBe(media?.recv?.id);
    // Pushed after the answer, never before it (the client would not know the transport yet).
    expect(c.received.findIndex((m) => m.consumersChanged)).toBeGreaterThan(c.received.findIndex((m) => m.join));
    // The transports are the participant's: it connects and resumes on them without a MediaSetupRequest.
    const consumerId = added?.added?.find((x) => x.producerId === producerId)?.id ?? '';
    expect((await c.request({ resumeConsumer: { consumerId } })).body).toBe('ack');
    c.close();

    // A student who waits in the lobby gets none: its media starts when it is admitted.
    await teacher.c.request({ updateSettings: { autoAdmit: false } });
    const waiting = await TestClient.connect(server.wsUrl);
    const token2 = server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId: `u${++n}`, name: `Người ${n}`, role: 'student' });
    const waited = await waiting.join({ joinToken: token2, mediaAtJoin: true });
    expect(waited.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    expect(waited.join?.media).toBeFalsy();
    waiting.close();
    teacher.c.close();
  });

  it('a resume that kept its transports gets its consumers announced again: the pushes of the outage are not lost', async () => {
    const teacher = await join('teacher');
    await teacher.c.request({ updateSettings: { autoAdmit: true } });
    const token = server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId: 'u_resume', name: 'Người quay lại', role: 'student' });
    const first = await TestClient.connect(server.wsUrl);
    const joined = await first.join({ joinToken: token });
    const caps = joined.join?.rtpCapabilities ?? {};
    const setup = await first.request({ mediaSetup: { rtpCapabilities: caps } });
    const recvId = setup.mediaSetup?.recv?.id ?? '';
    expect(recvId).not.toBe('');

    // The student's socket drops; meanwhile the teacher starts a microphone.
    first.close();
    await teacher.c.request({ mediaSetup: { rtpCapabilities: caps } });
    const produced = await teacher.c.request({
      produce: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, kind: v1.MediaKind.MEDIA_KIND_AUDIO, rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 777 }] } },
    });
    const producerId = produced.produce?.producerId ?? '';
    expect(producerId).not.toBe('');

    const again = await TestClient.connect(server.wsUrl);
    const offered = again.waitForPush((m) => !!m.consumersChanged?.added?.some((x) => x.producerId === producerId), 15_000, 'ConsumersChanged after the resume');
    const resumed = await again.join({ joinToken: token });
    expect(resumed.join?.participantId).toBe(joined.join?.participantId);
    // Announced on the receive transport the client kept.
    expect((await offered).consumersChanged?.transportId).toBe(recvId);
    again.close();
    teacher.c.close();
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

import * as fake from 'mediasoup-client/fakeParameters';
import { describe, expect, it } from 'vitest';
import { TooLargeError, ValidationError } from '../../../platform/index.js';
import { classroom, rtpCapabilitiesFromProto, rtpCapabilitiesToProto, rtpParametersFromProto, RTP_WIRE_LIMITS, transportOptionsFromProto } from '../../../proto/index.js';
import type { RtpParameters } from '../../../sfu/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage } from '../../codec/encodeServer.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

/** What mediasoup-client sends for a simulcast camera (Chrome, 3 encodings low -> high). */
const cameraParameters: classroom.v1.RtpParameters.$Properties = {
  mid: '1',
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      parameters: {},
      rtcpFeedback: [{ type: 'goog-remb' }, { type: 'transport-cc' }, { type: 'ccm', parameter: 'fir' }, { type: 'nack' }, { type: 'nack', parameter: 'pli' }],
    },
    { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: { number: 96 } } },
  ],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 },
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 10 },
  ],
  encodings: [
    { rid: 'r0', scalabilityMode: 'L1T3', maxBitrate: 100_000, scaleResolutionDownBy: 4, active: true, dtx: false },
    { rid: 'r1', scalabilityMode: 'L1T3', maxBitrate: 300_000, scaleResolutionDownBy: 2, active: true },
    { rid: 'r2', scalabilityMode: 'L1T3', maxBitrate: 800_000, scaleResolutionDownBy: 1, active: true },
  ],
  rtcp: { cname: 'x4Fq', reducedSize: true },
  msid: 'stream-1 track-1',
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TooLargeError) return `TOO_LARGE ${error.message}`;
    if (error instanceof ValidationError) return `BAD_REQUEST ${error.message}`;
    throw error;
  }
  return 'ok';
}

describe('transport negotiation: client requests', () => {
  it('decodes a ProduceRequest into the engine vocabulary, keeping what mediasoup tells apart (absent vs 0)', () => {
    const d = decodeClientMessage(
      frame({ requestId: 3, produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: cameraParameters } }),
    );
    expect(d.requestId).toBe(3);
    const req = d.request as { type: 'produce'; source: string; kind: string; rtpParameters: RtpParameters };
    expect(req.type).toBe('produce');
    expect(req.source).toBe('camera');
    expect(req.kind).toBe('video');
    const p = req.rtpParameters;
    expect(p.mid).toBe('1');
    expect(p.codecs[0]).toEqual({
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'goog-remb' }, { type: 'transport-cc' }, { type: 'ccm', parameter: 'fir' }, { type: 'nack' }, { type: 'nack', parameter: 'pli' }],
    });
    expect(p.codecs[1]?.parameters).toEqual({ apt: 96 });
    expect(p.codecs[1]?.channels).toBeUndefined();
    expect(p.encodings?.map((e) => e.rid)).toEqual(['r0', 'r1', 'r2']);
    expect(p.encodings?.[0]).toEqual({ rid: 'r0', scalabilityMode: 'L1T3', maxBitrate: 100_000, scaleResolutionDownBy: 4, active: true, dtx: false });
    expect(p.encodings?.[1]?.ssrc).toBeUndefined();
    expect(p.rtcp).toEqual({ cname: 'x4Fq', reducedSize: true });
    expect(p.msid).toBe('stream-1 track-1');
  });

  it("decodes MediaSetup with the device's capabilities as mediasoup-client reports them", () => {
    const caps = fake.generateNativeRtpCapabilities();
    const d = decodeClientMessage(frame({ requestId: 1, mediaSetup: { rtpCapabilities: rtpCapabilitiesToProto(caps) } }));
    const got = (d.request as { rtpCapabilities: { codecs: Array<{ mimeType: string; kind: string; preferredPayloadType?: number }> } }).rtpCapabilities;
    expect(got.codecs.map((c) => `${c.kind} ${c.mimeType} ${c.preferredPayloadType}`)).toEqual(
      (caps.codecs ?? []).map((c) => `${c.kind} ${c.mimeType} ${c.preferredPayloadType}`),
    );
  });

  it('decodes ConnectTransport, Unpublish, ResumeConsumer and RestartIce', () => {
    const dtls = fake.generateLocalDtlsParameters();
    expect(
      decodeClientMessage(frame({ requestId: 1, connectTransport: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_SEND, dtlsParameters: { role: v1.DtlsRole.DTLS_ROLE_CLIENT, fingerprints: dtls.fingerprints } } })).request,
    ).toEqual({ type: 'connectTransport', direction: 'send', dtlsParameters: { role: 'client', fingerprints: dtls.fingerprints } });
    expect(decodeClientMessage(frame({ requestId: 2, unpublish: { source: v1.TrackSource.TRACK_SOURCE_SCREEN } })).request).toEqual({ type: 'unpublish', source: 'screen' });
    expect(decodeClientMessage(frame({ requestId: 3, resumeConsumer: { consumerId: 'c-1' } })).request).toEqual({ type: 'resumeConsumer', consumerId: 'c-1' });
    expect(decodeClientMessage(frame({ requestId: 4, restartIce: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_RECV } })).request).toEqual({ type: 'restartIce', direction: 'recv' });
  });

  it('refuses unknown values and missing fields with BAD_REQUEST, before anything reaches the engine', () => {
    const produce = (rtpParameters: classroom.v1.RtpParameters.$Properties, kind = v1.MediaKind.MEDIA_KIND_VIDEO) =>
      codeOf(() => decodeClientMessage(frame({ requestId: 1, produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind, rtpParameters } })));
    expect(produce(cameraParameters, 7 as classroom.v1.MediaKind)).toMatch(/^BAD_REQUEST kind/);
    expect(produce(cameraParameters, v1.MediaKind.MEDIA_KIND_UNSPECIFIED)).toMatch(/^BAD_REQUEST kind/);
    expect(produce({ ...cameraParameters, codecs: [] })).toMatch(/^BAD_REQUEST rtp_parameters.codecs is empty/);
    expect(produce({ ...cameraParameters, codecs: [{ mimeType: 'VP8', payloadType: 96, clockRate: 90000 }] })).toMatch(/^BAD_REQUEST codecs.mime_type is not a media type/);
    expect(produce({ ...cameraParameters, codecs: [{ mimeType: 'video/VP8', payloadType: 200, clockRate: 90000 }] })).toMatch(/^BAD_REQUEST codecs.payload_type/);
    expect(produce({ ...cameraParameters, codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: { x: {} } }] })).toMatch(/^BAD_REQUEST codecs.parameters.x has no value/);
    expect(produce({ ...cameraParameters, codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: { 'a b': { text: '1' } } }] })).toMatch(/invalid key/);
    expect(produce({ ...cameraParameters, encodings: [{ scaleResolutionDownBy: 0.5 }] })).toMatch(/^BAD_REQUEST encodings.scale_resolution_down_by/);
    expect(produce({ ...cameraParameters, headerExtensions: [{ uri: 'urn:x', id: 0 }] })).toMatch(/^BAD_REQUEST header_extensions.id/);
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO } })))).toMatch(
      /^BAD_REQUEST rtp_parameters is missing/,
    );
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, connectTransport: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_SEND, dtlsParameters: { fingerprints: [] } } })))).toMatch(
      /fingerprints is empty/,
    );
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, connectTransport: { direction: 0, dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] } } })))).toMatch(
      /^BAD_REQUEST direction/,
    );
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, resumeConsumer: { consumerId: '' } })))).toMatch(/^BAD_REQUEST consumer_id is missing/);
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, mediaSetup: {} })))).toMatch(/^BAD_REQUEST rtp_capabilities is missing/);
  });

  it('refuses counts and lengths over the limits with TOO_LARGE, carrying the request id', () => {
    const many = Array.from({ length: RTP_WIRE_LIMITS.encodings + 1 }, (_, i) => ({ rid: `r${i}` }));
    let error: unknown;
    try {
      decodeClientMessage(frame({ requestId: 9, produce: { source: v1.TrackSource.TRACK_SOURCE_CAMERA, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: { ...cameraParameters, encodings: many } } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as { requestId?: number }).requestId).toBe(9);
    const codec = (parameters: Record<string, classroom.v1.RtpParameterValue.$Properties>) => ({
      kind: v1.MediaKind.MEDIA_KIND_VIDEO,
      mimeType: 'video/VP8',
      clockRate: 90000,
      parameters,
    });
    const setup = (caps: classroom.v1.RtpCapabilities.$Properties) => codeOf(() => decodeClientMessage(frame({ requestId: 1, mediaSetup: { rtpCapabilities: caps } })));
    expect(setup({ codecs: Array.from({ length: RTP_WIRE_LIMITS.codecs + 1 }, () => codec({})) })).toMatch(/^TOO_LARGE rtp_capabilities.codecs/);
    expect(setup({ codecs: [codec({ long: { text: 'x'.repeat(RTP_WIRE_LIMITS.textChars + 1) } })] })).toMatch(/^TOO_LARGE codecs.parameters.long/);
    const params = Object.fromEntries(Array.from({ length: RTP_WIRE_LIMITS.parameters + 1 }, (_, i) => [`p${i}`, { number: i }]));
    expect(setup({ codecs: [codec(params)] })).toMatch(/^TOO_LARGE codecs.parameters has more than/);
    expect(setup({ codecs: [{ ...codec({}), mimeType: `video/${'V'.repeat(RTP_WIRE_LIMITS.shortChars)}` }] })).toMatch(/^TOO_LARGE codecs.mime_type/);
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, resumeConsumer: { consumerId: 'c'.repeat(65) } })))).toMatch(/^TOO_LARGE consumer_id/);
  });
});

describe('transport negotiation: server answers and pushes', () => {
  it("the JoinResponse carries the router's capabilities (decodable by the client's mapping)", () => {
    const caps = fake.generateRouterRtpCapabilities();
    const m = v1.ServerMessage.decode(
      encodeServerMessage(1, {
        type: 'join',
        participantId: 'p1',
        resumeToken: 'r',
        admission: 'waiting',
        snapshot: undefined,
        serverTimeMs: 1,
        iceServers: [],
        rtpCapabilities: rtpCapabilitiesFromProto(rtpCapabilitiesToProto(caps)),
      }),
    );
    const back = rtpCapabilitiesFromProto(m.join?.rtpCapabilities);
    expect(back.codecs?.map((c) => [c.mimeType, c.preferredPayloadType, c.clockRate, c.channels])).toEqual(
      (caps.codecs ?? []).map((c) => [c.mimeType, c.preferredPayloadType, c.clockRate, c.channels]),
    );
    expect(back.headerExtensions?.map((h) => [h.uri, h.preferredId, h.direction ?? 'sendrecv'])).toEqual(
      (caps.headerExtensions ?? []).map((h) => [h.uri, h.preferredId, h.direction ?? 'sendrecv']),
    );
  });

  it('the JoinResponse carries the transports made at the join when there are any (media_at_join), and none otherwise', () => {
    const t = fake.generateTransportRemoteParameters();
    const options = { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates.map((c) => ({ foundation: c.foundation, priority: c.priority, address: c.address, protocol: c.protocol, port: c.port, type: c.type })), dtlsParameters: t.dtlsParameters };
    const body = { type: 'join' as const, participantId: 'p1', resumeToken: 'r', admission: 'admitted' as const, snapshot: undefined, serverTimeMs: 1, iceServers: [], rtpCapabilities: rtpCapabilitiesFromProto(rtpCapabilitiesToProto(fake.generateRouterRtpCapabilities())) };
    const m = v1.ServerMessage.decode(encodeServerMessage(1, { ...body, media: { send: options, recv: { ...options, id: 'recv-9' } } }));
    expect(transportOptionsFromProto(m.join?.media?.send, 'send')).toEqual(JSON.parse(JSON.stringify(options)));
    expect(transportOptionsFromProto(m.join?.media?.recv, 'recv').id).toBe('recv-9');
    expect(v1.ServerMessage.decode(encodeServerMessage(1, body)).join?.media).toBeFalsy();
  });

  it('encodes MediaSetupResponse, ConsumersChanged (with its transport), ActiveSpeaker and Talking', () => {
    const t = fake.generateTransportRemoteParameters();
    const options = { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates.map((c) => ({ foundation: c.foundation, priority: c.priority, address: c.address, protocol: c.protocol, port: c.port, type: c.type })), dtlsParameters: t.dtlsParameters };
    const setup = v1.ServerMessage.decode(encodeServerMessage(4, { type: 'mediaSetup', send: options, recv: { ...options, id: 'recv-1' } }));
    expect(transportOptionsFromProto(setup.mediaSetup?.send, 'send')).toEqual(JSON.parse(JSON.stringify(options)));
    expect(setup.mediaSetup?.recv?.id).toBe('recv-1');

    const consumer = fake.generateConsumerRemoteParameters({ codecMimeType: 'video/VP8' });
    const pushed = v1.ServerMessage.decode(
      encodeServerMessage(0, {
        type: 'consumersChanged',
        transportId: 'recv-1',
        added: [{ id: consumer.id, producerId: consumer.producerId, participantId: 'p2', source: 'camera', kind: 'video', rtpParameters: consumer.rtpParameters as RtpParameters }],
        removed: ['old-1'],
      }),
    );
    const change = pushed.consumersChanged;
    expect(change?.transportId).toBe('recv-1');
    expect(change?.removed).toEqual(['old-1']);
    expect(change?.added?.[0]?.source).toBe(v1.TrackSource.TRACK_SOURCE_CAMERA);
    const params = rtpParametersFromProto(change?.added?.[0]?.rtpParameters);
    expect(params.codecs.map((c) => c.mimeType)).toEqual(consumer.rtpParameters.codecs.map((c) => c.mimeType));
    expect(params.encodings?.[0]?.ssrc).toBe(consumer.rtpParameters.encodings?.[0]?.ssrc);

    expect(v1.ServerMessage.decode(encodeServerMessage(0, { type: 'activeSpeaker', participantId: 'p2' })).activeSpeaker?.participantId).toBe('p2');
    const talking = v1.ServerMessage.decode(encodeServerMessage(0, { type: 'talking', participantId: 'p3', talking: true })).talking;
    expect([talking?.participantId, talking?.talking]).toEqual(['p3', true]);
  });
});

describe('the first sound on the wire', () => {
  const dtls = { role: v1.DtlsRole.DTLS_ROLE_CLIENT, fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };

  it('decodes FirstSound, FirstSoundConnect (DTLS through the shared mapping) and FirstSoundClose', () => {
    expect(decodeClientMessage(frame({ requestId: 1, firstSound: {} })).request).toEqual({ type: 'firstSound' });
    expect(decodeClientMessage(frame({ requestId: 2, firstSoundConnect: { transportId: 't-1', dtlsParameters: dtls } })).request).toEqual({
      type: 'firstSoundConnect',
      transportId: 't-1',
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] },
    });
    expect(decodeClientMessage(frame({ requestId: 3, firstSoundClose: { transportId: 't-1' } })).request).toEqual({ type: 'firstSoundClose', transportId: 't-1' });
  });

  it('refuses a missing or over-long transport id and bad DTLS parameters, carrying the request id', () => {
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundClose: { transportId: '' } })))).toBe('BAD_REQUEST transport_id is missing');
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundClose: { transportId: 't'.repeat(65) } })))).toMatch(/^TOO_LARGE transport_id/);
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundConnect: { dtlsParameters: dtls } })))).toBe('BAD_REQUEST transport_id is missing');
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundConnect: { transportId: 't-1' } })))).toBe('BAD_REQUEST dtls_parameters is missing');
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundConnect: { transportId: 't-1', dtlsParameters: { fingerprints: [] } } })))).toMatch(/^BAD_REQUEST dtls_parameters.fingerprints is empty/);
    expect(codeOf(() => decodeClientMessage(frame({ requestId: 1, firstSoundConnect: { transportId: 't-1', dtlsParameters: { ...dtls, role: 99 as classroom.v1.DtlsRole } } })))).toMatch(/^BAD_REQUEST/);
    try {
      decodeClientMessage(frame({ requestId: 77, firstSoundClose: {} }));
      expect.unreachable();
    } catch (err) {
      expect((err as { requestId?: number }).requestId).toBe(77);
    }
  });

  it('encodes FirstSoundResponse with the transport and the consumer, and empty when there is nothing to hear', () => {
    const t = fake.generateTransportRemoteParameters();
    const options = { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates.map((c) => ({ foundation: c.foundation, priority: c.priority, address: c.address, protocol: c.protocol, port: c.port, type: c.type })), dtlsParameters: t.dtlsParameters };
    const opus: RtpParameters = { mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, rtcpFeedback: [] }], headerExtensions: [], encodings: [{ ssrc: 1234 }], rtcp: { cname: 'c', reducedSize: true } };
    const consumer = { id: 'c-1', producerId: 'p-1', participantId: 'teacher', source: 'microphone' as const, kind: 'audio' as const, rtpParameters: opus };
    const m = v1.ServerMessage.decode(encodeServerMessage(5, { type: 'firstSound', sound: { transport: options, consumer } }));
    expect(m.body).toBe('firstSound');
    expect(transportOptionsFromProto(m.firstSound?.transport, 'transport')).toEqual(JSON.parse(JSON.stringify(options)));
    expect([m.firstSound?.consumer?.id, m.firstSound?.consumer?.participantId, m.firstSound?.consumer?.source]).toEqual(['c-1', 'teacher', v1.TrackSource.TRACK_SOURCE_MICROPHONE]);
    const params = rtpParametersFromProto(m.firstSound?.consumer?.rtpParameters);
    expect([params.codecs.map((c) => c.mimeType), params.headerExtensions ?? [], params.encodings?.[0]?.ssrc]).toEqual([['audio/opus'], [], 1234]);
    const empty = v1.ServerMessage.decode(encodeServerMessage(6, { type: 'firstSound' }));
    expect([empty.body, empty.firstSound?.transport, empty.firstSound?.consumer]).toEqual(['firstSound', null, null]);
  });
});

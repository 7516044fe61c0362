import * as fake from 'mediasoup-client/fakeParameters';
import { describe, expect, it } from 'vitest';
import { classroom, rtpCapabilitiesFromProto, rtpCapabilitiesToProto, type RtpParameters } from '../../../proto/index.js';
import { CodecError, decodeServerMessage, encodeClientMessage } from '../codec.js';
import { decodeClientMessage, encodeServerFrame } from '../codecMirror.js';
import { joinResult } from '../testing/fixtures.js';
import type { ClientRequest, ServerFrame, ServerPush, TransportOptions } from '../types.js';

import pb = classroom.v1;

const roundTrip = (frame: ServerFrame) => decodeServerMessage(encodeServerFrame(frame));
const opus: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1, 'sprop-stereo': 1 } }], headerExtensions: [], encodings: [{ ssrc: 1111, dtx: true }], rtcp: { cname: 'c' } };

function transport(id: string): TransportOptions {
  const t = fake.generateTransportRemoteParameters();
  return {
    id,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates.map((c) => ({ foundation: c.foundation, priority: c.priority, address: c.address, protocol: c.protocol, port: c.port, type: c.type })),
    dtlsParameters: t.dtlsParameters,
  };
}

describe('codec: transport negotiation', () => {
  const requests: ClientRequest[] = [
    { type: 'mediaSetup', rtpCapabilities: rtpCapabilitiesFromProto(rtpCapabilitiesToProto(fake.generateNativeRtpCapabilities())) },
    { type: 'connectTransport', direction: 'send', dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] } },
    { type: 'produce', source: 'microphone', kind: 'audio', rtpParameters: opus },
    { type: 'unpublish', source: 'screen' },
    { type: 'resumeConsumer', consumerId: 'c-1' },
    { type: 'restartIce', direction: 'recv' },
  ];

  it.each(requests.map((r) => [r.type, r] as const))('%s round-trips through the wire format', (_type, request) => {
    const decoded = decodeClientMessage(encodeClientMessage(5, request));
    expect(decoded.request).toEqual(request);
  });

  it("puts the device's capabilities on the wire as mediasoup-client reports them (parameter values left open)", () => {
    const caps = fake.generateNativeRtpCapabilities();
    const decoded = decodeClientMessage(encodeClientMessage(1, { type: 'mediaSetup', rtpCapabilities: caps }));
    const back = (decoded.request as { rtpCapabilities: typeof caps }).rtpCapabilities;
    expect(back.codecs?.map((c) => c.mimeType)).toEqual(caps.codecs?.map((c) => c.mimeType));
  });

  it('refuses to send a parameter value that is neither text nor a number', () => {
    expect(() =>
      encodeClientMessage(1, { type: 'produce', source: 'camera', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: { x: { nested: true } } }] } }),
    ).toThrow(CodecError);
  });

  it('reads the JoinResponse with the router capabilities', () => {
    const rtpCapabilities = rtpCapabilitiesFromProto(rtpCapabilitiesToProto(fake.generateRouterRtpCapabilities()));
    const frame = roundTrip({ kind: 'response', requestId: 1, response: { type: 'join', result: joinResult({ rtpCapabilities }) } });
    expect(frame.kind === 'response' && frame.response.type === 'join' && frame.response.result.rtpCapabilities).toEqual(rtpCapabilities);
  });

  it('reads the transports made at the join (media_at_join), or null when the server sent none (an older server)', () => {
    const media = { send: transport('s-join'), recv: transport('r-join') };
    const frame = roundTrip({ kind: 'response', requestId: 1, response: { type: 'join', result: joinResult({ media }) } });
    expect(frame.kind === 'response' && frame.response.type === 'join' && frame.response.result.media).toEqual(media);
    const none = roundTrip({ kind: 'response', requestId: 1, response: { type: 'join', result: joinResult() } });
    expect(none.kind === 'response' && none.response.type === 'join' && none.response.result.media).toBeNull();
  });

  it('refuses a JoinResponse without the media capabilities (an older or broken server)', () => {
    const bytes = pb.ServerMessage.encode(pb.ServerMessage.create({ requestId: 1, join: { participantId: 'p1', admission: pb.AdmissionStatus.ADMISSION_STATUS_WAITING } })).finish();
    expect(() => decodeServerMessage(bytes)).toThrow(/join without the media capabilities/);
  });

  it('reads MediaSetupResponse, ProduceResponse, RestartIceResponse', () => {
    const setup = roundTrip({ kind: 'response', requestId: 2, response: { type: 'mediaSetup', send: transport('s1'), recv: transport('r1') } });
    expect(setup).toEqual({ kind: 'response', requestId: 2, response: { type: 'mediaSetup', send: transport('s1'), recv: transport('r1') } });
    expect(roundTrip({ kind: 'response', requestId: 3, response: { type: 'produce', producerId: 'pr-1' } })).toEqual({
      kind: 'response',
      requestId: 3,
      response: { type: 'produce', producerId: 'pr-1' },
    });
    const ice = { usernameFragment: 'u', password: 'p', iceLite: true };
    expect(roundTrip({ kind: 'response', requestId: 4, response: { type: 'restartIce', iceParameters: ice } })).toEqual({
      kind: 'response',
      requestId: 4,
      response: { type: 'restartIce', iceParameters: ice },
    });
  });

  it('reads ConsumersChanged, ActiveSpeaker and Talking pushes', () => {
    const push: ServerPush = { type: 'consumersChanged', transportId: 'r1', added: [{ id: 'c1', producerId: 'pr1', participantId: 'p2', source: 'microphone', kind: 'audio', rtpParameters: opus }], removed: ['c0'] };
    expect(roundTrip({ kind: 'push', push })).toEqual({ kind: 'push', push });
    expect(roundTrip({ kind: 'push', push: { type: 'activeSpeaker', participantId: '' } })).toEqual({ kind: 'push', push: { type: 'activeSpeaker', participantId: '' } });
    expect(roundTrip({ kind: 'push', push: { type: 'talking', participantId: 'p2', talking: true } })).toEqual({ kind: 'push', push: { type: 'talking', participantId: 'p2', talking: true } });
  });

  it('refuses a consumer with an unknown kind or an invalid RTP field', () => {
    const bad = (consumer: pb.Consumer.$Properties) =>
      () => decodeServerMessage(pb.ServerMessage.encode(pb.ServerMessage.create({ requestId: 0, consumersChanged: { transportId: 'r1', added: [consumer] } })).finish());
    const good: pb.Consumer.$Properties = { id: 'c1', producerId: 'p', participantId: 'x', source: pb.TrackSource.TRACK_SOURCE_CAMERA, kind: pb.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] } };
    expect(bad(good)).not.toThrow();
    expect(bad({ ...good, kind: 9 as pb.MediaKind })).toThrow(CodecError);
    expect(bad({ ...good, rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 300, clockRate: 90000 }] } })).toThrow(/payload_type/);
  });
});

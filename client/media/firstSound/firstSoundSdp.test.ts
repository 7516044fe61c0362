import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import { RemoteSdp } from 'mediasoup-client/handlers/sdp/RemoteSdp';
import type { types } from 'mediasoup-client';
import { fakeConsumer, fakeTransport } from '../testing/FakeTransportSignal.js';
import { FirstSoundSdpError, firstSoundAnswerDtls, firstSoundOffer } from './firstSoundSdp.js';

interface Media {
  type: string;
  mid: string;
  direction: string;
  iceUfrag: string;
  icePwd: string;
  candidates: Array<{ ip: string; port: number; transport: string; priority: number; type: string }>;
  rtp: Array<{ payload: number; codec: string; rate: number; encoding?: number }>;
  fmtp: Array<{ payload: number; config: string }>;
  ssrcs: Array<{ id: number; attribute: string; value: string }>;
  setup: string;
}
const parse = (sdp: string) => (sdpTransform as unknown as { parse(s: string): { fingerprint?: { type: string; hash: string }; icelite?: string; media: Media[] } }).parse(sdp);

describe('the first sound SDP', () => {
  const transport = fakeTransport('fs-1');
  const consumer = fakeConsumer('c1', 'teacher-1', 'microphone');

  it("says what mediasoup-client's RemoteSdp says for the same receiving section", () => {
    const ours = parse(firstSoundOffer(transport, consumer));
    const theirs = new RemoteSdp({
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates as types.IceCandidate[],
      dtlsParameters: transport.dtlsParameters as types.DtlsParameters,
    });
    theirs.receive({ mid: '0', kind: 'audio', offerRtpParameters: consumer.rtpParameters as types.RtpParameters, streamId: 'teacher-1', trackId: 'c1' });
    const ref = parse(theirs.getSdp());
    expect(ours.icelite).toBe('ice-lite');
    expect(ours.media).toHaveLength(1);
    const [m, r] = [ours.media[0]!, ref.media[0]!];
    expect(m.type).toBe('audio');
    expect(m.direction).toBe('sendonly');
    expect(m.setup).toBe('actpass');
    expect([m.iceUfrag, m.icePwd]).toEqual([r.iceUfrag, r.icePwd]);
    expect(m.candidates.map((c) => [c.ip, c.port, c.transport, c.priority, c.type])).toEqual(r.candidates.map((c) => [c.ip, c.port, c.transport, c.priority, c.type]));
    expect(m.rtp).toEqual(r.rtp);
    expect(m.fmtp.map((f) => f.config.split(';').sort())).toEqual(r.fmtp.map((f) => f.config.split(';').sort()));
    const ssrc = (x: Media) => x.ssrcs.filter((s) => s.attribute === 'cname').map((s) => [s.id, s.value]);
    expect(ssrc(m)).toEqual(ssrc(r));
    // RemoteSdp writes the last of the server's fingerprints; ours is its SHA-256 one (every browser checks it).
    const sha256 = transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256');
    expect(ours.fingerprint).toEqual({ type: 'sha-256', hash: sha256?.value });
  });

  it('refuses what is not one Opus stream, and values that would write lines of their own', () => {
    expect(() => firstSoundOffer(transport, fakeConsumer('v1', 'teacher-1', 'camera'))).toThrow(FirstSoundSdpError);
    const injected = { ...transport, iceParameters: { ...transport.iceParameters, usernameFragment: 'abc\r\na=ice-lite' } };
    expect(() => firstSoundOffer(injected, consumer)).toThrow(/line break/);
    const badAddress = { ...transport, iceCandidates: [{ ...transport.iceCandidates[0]!, address: '1.2.3.4 9 typ host\na=x' }] };
    expect(() => firstSoundOffer(badAddress, consumer)).toThrow(/line break/);
    const noFingerprint = { ...transport, dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: 'AA' }] } };
    expect(() => firstSoundOffer(noFingerprint, consumer)).toThrow(/fingerprint/);
    const badFmtp = { ...consumer, rtpParameters: { ...consumer.rtpParameters, codecs: [{ ...consumer.rtpParameters.codecs[0]!, parameters: { useinbandfec: '1\r\na=sendrecv' } }] } };
    expect(() => firstSoundOffer(transport, badFmtp)).toThrow(/line break/);
  });

  it("reads our DTLS role and fingerprint from the browser's answer", () => {
    const answer = 'v=0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 100\r\na=setup:active\r\na=fingerprint:SHA-256 AB:CD:EF\r\n';
    expect(firstSoundAnswerDtls(answer)).toEqual({ role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:EF' }] });
    expect(firstSoundAnswerDtls(answer.replace('active', 'passive')).role).toBe('server');
    expect(() => firstSoundAnswerDtls('v=0\r\na=setup:active\r\n')).toThrow(FirstSoundSdpError);
  });
});

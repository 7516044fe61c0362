/**
 * The receiving side of a first sound (MediaRoom.listen, docs/protocol.md "The first sound") as a
 * join page without mediasoup-client does it: a hand-written SDP offer of one audio m-line from
 * the transport and consumer, answered by werift (ICE, DTLS, SRTP), its fingerprint sent back as
 * the connect. For integration tests of the engine and of the signaling.
 */
import { createRequire } from 'node:module';
import type * as Werift from 'werift';
import type { DtlsParameters, RtpParameters, TransportOptions } from '../sfu/index.js';

// The CommonJS build, as bench/lib/rawSubscriber.ts takes it.
const werift = createRequire(import.meta.url)('werift') as typeof Werift;
const pcs: Werift.RTCPeerConnection[] = [];

/** What a FirstSoundResponse (or a StreamListener) gives the page. */
export interface FirstSoundOffer {
  transport: Omit<TransportOptions, 'direction'>;
  consumer: { rtpParameters: RtpParameters };
}

/** The few lines of SDP a page writes from a FirstSoundResponse: the server offers one audio m-line. */
export function offerSdp(l: FirstSoundOffer): string {
  const codec = l.consumer.rtpParameters.codecs[0];
  const fp = l.transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256');
  if (!codec || !fp) throw new Error('no codec or no sha-256 fingerprint');
  const mid = l.consumer.rtpParameters.mid ?? '0';
  const fmtp = Object.entries(codec.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(';');
  return [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${mid}`,
    `a=fingerprint:${fp.algorithm} ${fp.value}`,
    `m=audio 7 UDP/TLS/RTP/SAVPF ${codec.payloadType}`,
    'c=IN IP4 127.0.0.1',
    `a=mid:${mid}`,
    'a=sendonly',
    'a=rtcp-mux',
    `a=ice-ufrag:${l.transport.iceParameters.usernameFragment}`,
    `a=ice-pwd:${l.transport.iceParameters.password}`,
    ...l.transport.iceCandidates.filter((c) => c.protocol === 'udp').map((c) => `a=candidate:${c.foundation} 1 udp ${c.priority} ${c.address} ${c.port} typ ${c.type}`),
    'a=end-of-candidates',
    'a=setup:actpass',
    `a=rtpmap:${codec.payloadType} opus/${codec.clockRate}/${codec.channels ?? 2}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    `a=ssrc:${l.consumer.rtpParameters.encodings?.[0]?.ssrc} cname:${l.consumer.rtpParameters.rtcp?.cname ?? 'first-sound'}`,
    '',
  ].join('\r\n');
}

/** Answers the listener's offer with werift; resolves with the answer's DTLS parameters and a packet counter. */
export async function receiveFirstSound(l: FirstSoundOffer): Promise<{ dtls: DtlsParameters; packets: () => number }> {
  const pc = new werift.RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    codecs: { audio: [new werift.RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })], video: [] },
  });
  pcs.push(pc);
  let packets = 0;
  pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => packets++));
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp(l) });
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  const m = /^a=fingerprint:(\S+) (\S+)/m.exec(answer.sdp);
  if (!m?.[1] || !m[2]) throw new Error('no fingerprint in the answer');
  return { dtls: { role: 'client', fingerprints: [{ algorithm: m[1].toLowerCase(), value: m[2] }] }, packets: () => packets };
}

/** Closes every receiver made so far (afterAll). */
export async function closeFirstSoundReceivers(): Promise<void> {
  for (const pc of pcs.splice(0)) await pc.close().catch(() => undefined);
}

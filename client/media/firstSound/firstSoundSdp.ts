/**
 * The SDP of the first sound (docs/weak-networks.md "The first sound"): the server's first-sound
 * transport and its one Opus consumer as a remote offer with a single audio m-line, and our DTLS
 * parameters read back from the browser's answer. It is what mediasoup-client's RemoteSdp writes
 * for one receiving section, cut to what that consumer can carry (the server gives it no header
 * extensions and no feedback), so that a join hears the teacher before the ~33 kB library arrives.
 *
 * The wire codec has bounded every value already; what is left to refuse here is a value that
 * would end a line (and so write SDP of its own): the whole offer is checked once.
 */
import type { DtlsParameters, RtpParameters, TransportOptions } from '../../../proto/index.js';

/** What the SDP needs of the first sound's consumer (a RemoteConsumer; the server tests pass their own). */
export interface FirstSoundConsumer {
  id: string;
  participantId: string;
  kind: string;
  rtpParameters: RtpParameters;
}

export class FirstSoundSdpError extends Error {}

const HASHES = new Set(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

/** The m-line's mid: always "0" here (one section, and the server's consumer names none we must keep). */
export const FIRST_SOUND_MID = '0';

/** The remote offer for `consumer` on `transport` (the server is ICE-lite and sends only). */
export function firstSoundOffer(transport: TransportOptions, consumer: FirstSoundConsumer): string {
  if (consumer.kind !== 'audio') throw new FirstSoundSdpError('first sound: not an audio consumer');
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec || !/^audio\/opus$/i.test(codec.mimeType)) throw new FirstSoundSdpError('first sound: not Opus');
  const pt = codec.payloadType;
  const fingerprints = transport.dtlsParameters.fingerprints.filter((f) => HASHES.has(f.algorithm));
  const fingerprint = fingerprints.find((f) => f.algorithm === 'sha-256') ?? fingerprints[0];
  if (!fingerprint) throw new FirstSoundSdpError('first sound: no usable DTLS fingerprint');
  const fmtp = Object.entries(codec.parameters ?? {}).map(([k, v]) => `${k}=${v}`);
  const lines = [
    'v=0',
    `o=- ${Date.now()} 1 IN IP4 0.0.0.0`,
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=fingerprint:${fingerprint.algorithm} ${fingerprint.value}`,
    `a=group:BUNDLE ${FIRST_SOUND_MID}`,
    'a=msid-semantic: WMS *',
    `m=audio 7 UDP/TLS/RTP/SAVPF ${pt}`,
    'c=IN IP4 127.0.0.1',
    `a=mid:${FIRST_SOUND_MID}`,
    'a=sendonly',
    `a=ice-ufrag:${transport.iceParameters.usernameFragment}`,
    `a=ice-pwd:${transport.iceParameters.password}`,
    'a=ice-options:renomination',
    ...transport.iceCandidates.map((c) => `a=candidate:${c.foundation} 1 ${c.protocol} ${c.priority} ${c.address} ${c.port} typ ${c.type}${c.protocol === 'tcp' ? ` tcptype ${c.tcpType ?? 'passive'}` : ''}`),
    'a=end-of-candidates',
    'a=setup:actpass',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    `a=rtpmap:${pt} opus/${codec.clockRate}/${codec.channels ?? 2}`,
    ...(fmtp.length ? [`a=fmtp:${pt} ${fmtp.join(';')}`] : []),
    ...(codec.rtcpFeedback ?? []).map((fb) => `a=rtcp-fb:${pt} ${fb.type}${fb.parameter ? ` ${fb.parameter}` : ''}`),
    ...(consumer.rtpParameters.headerExtensions ?? []).map((h) => `a=extmap:${h.id} ${h.uri}`),
    `a=ssrc:${consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0} cname:${consumer.rtpParameters.rtcp?.cname ?? 'lophoc'}`,
    `a=msid:${consumer.participantId} ${consumer.id}`,
  ];
  if (lines.some((line) => /[\r\n]/.test(line))) throw new FirstSoundSdpError('first sound: a value with a line break');
  return `${lines.join('\r\n')}\r\n`;
}

/** Our side's DTLS parameters from the browser's answer: the client role (it answers actpass with active). */
export function firstSoundAnswerDtls(sdp: string): DtlsParameters {
  const m = /^a=fingerprint:(\S+) (\S+)\r?$/m.exec(sdp);
  const algorithm = m?.[1]?.toLowerCase() ?? '';
  if (!m || !HASHES.has(algorithm)) throw new FirstSoundSdpError('first sound: no fingerprint in the answer');
  const setup = /^a=setup:(\w+)/m.exec(sdp)?.[1];
  return { role: setup === 'passive' ? 'server' : 'client', fingerprints: [{ algorithm, value: m[2] ?? '' }] };
}

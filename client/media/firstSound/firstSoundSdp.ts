/**
 * The SDP of the first sound (docs/weak-networks.md "The first sound"): the server's first-sound
 * transport and its one Opus consumer as a remote offer with a single audio m-line, and our DTLS
 * parameters read back from the browser's answer. It is what mediasoup-client's RemoteSdp writes
 * for one receiving section, cut to what that consumer can carry (the server gives it no header
 * extensions and no feedback), so that a join hears the teacher before the ~33 kB library arrives.
 *
 * Every value that goes into a line is checked first: the wire codec bounds lengths, this refuses
 * characters that would end a line or split a field, so a bad answer cannot write SDP of its own.
 */
import type { DtlsParameters, RemoteConsumer, TransportOptions } from '../../net/index.js';

export class FirstSoundSdpError extends Error {}

/** ICE credentials, fingerprints, cnames, fmtp values: no whitespace, no line ends. */
const TOKEN = /^[\x21-\x7e]{1,256}$/;
const ADDRESS = /^[0-9A-Za-z.:-]{1,64}$/;
const HASHES = new Set(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

function token(value: unknown, what: string): string {
  const s = String(value);
  if (!TOKEN.test(s)) throw new FirstSoundSdpError(`first sound: invalid ${what}`);
  return s;
}

function int(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw new FirstSoundSdpError(`first sound: invalid ${what}`);
  return value;
}

/** The m-line's mid: always "0" here (one section, and the server's consumer names none we must keep). */
export const FIRST_SOUND_MID = '0';

/** The remote offer for `consumer` on `transport` (the server is ICE-lite and sends only). */
export function firstSoundOffer(transport: TransportOptions, consumer: RemoteConsumer): string {
  if (consumer.kind !== 'audio') throw new FirstSoundSdpError('first sound: not an audio consumer');
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec || !/^audio\/opus$/i.test(codec.mimeType)) throw new FirstSoundSdpError('first sound: not Opus');
  const pt = int(codec.payloadType, 'payload type', 127);
  const ssrc = int(consumer.rtpParameters.encodings?.[0]?.ssrc, 'ssrc', 0xffffffff);
  const cname = token(consumer.rtpParameters.rtcp?.cname ?? 'lophoc', 'cname');
  const fingerprints = transport.dtlsParameters.fingerprints.filter((f) => HASHES.has(f.algorithm));
  const fingerprint = fingerprints.find((f) => f.algorithm === 'sha-256') ?? fingerprints[0];
  if (!fingerprint) throw new FirstSoundSdpError('first sound: no usable DTLS fingerprint');
  const streamId = token(consumer.participantId, 'participant id');
  const trackId = token(consumer.id, 'consumer id');
  const fmtp = Object.entries(codec.parameters ?? {}).map(([k, v]) => `${token(k, 'fmtp name')}=${token(v, 'fmtp value')}`);
  const lines = [
    'v=0',
    `o=- ${Date.now()} 1 IN IP4 0.0.0.0`,
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=fingerprint:${fingerprint.algorithm} ${token(fingerprint.value, 'fingerprint')}`,
    `a=group:BUNDLE ${FIRST_SOUND_MID}`,
    'a=msid-semantic: WMS *',
    `m=audio 7 UDP/TLS/RTP/SAVPF ${pt}`,
    'c=IN IP4 127.0.0.1',
    `a=mid:${FIRST_SOUND_MID}`,
    'a=sendonly',
    `a=ice-ufrag:${token(transport.iceParameters.usernameFragment, 'ICE ufrag')}`,
    `a=ice-pwd:${token(transport.iceParameters.password, 'ICE password')}`,
    'a=ice-options:renomination',
    ...transport.iceCandidates.map((c) => {
      if (!ADDRESS.test(c.address)) throw new FirstSoundSdpError('first sound: invalid candidate address');
      const tcp = c.protocol === 'tcp' ? ` tcptype ${c.tcpType ?? 'passive'}` : '';
      return `a=candidate:${token(c.foundation, 'candidate foundation')} 1 ${c.protocol} ${int(c.priority, 'priority', 0xffffffff)} ${c.address} ${int(c.port, 'port', 65535)} typ ${c.type}${tcp}`;
    }),
    'a=end-of-candidates',
    'a=setup:actpass',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    `a=rtpmap:${pt} opus/${int(codec.clockRate, 'clock rate', 192000)}/${int(codec.channels ?? 2, 'channels', 8)}`,
    ...(fmtp.length ? [`a=fmtp:${pt} ${fmtp.join(';')}`] : []),
    ...(codec.rtcpFeedback ?? []).map((fb) => `a=rtcp-fb:${pt} ${token(fb.type, 'feedback')}${fb.parameter ? ` ${token(fb.parameter, 'feedback')}` : ''}`),
    ...(consumer.rtpParameters.headerExtensions ?? []).map((h) => `a=extmap:${int(h.id, 'extension id', 14)} ${token(h.uri, 'extension uri')}`),
    `a=ssrc:${ssrc} cname:${cname}`,
    `a=msid:${streamId} ${trackId}`,
  ];
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

/**
 * The SDP that tells the recorder process (ffmpeg's SDP demuxer) what arrives on its port: one
 * m-line of the tap's one codec, RTCP multiplexed on the same port (ffmpeg reads RTCP packets
 * from the RTP socket by their packet type, and uses the sender reports for timing).
 */
import type { TapDescription } from './RecorderTypes.js';

function fmtp(parameters: Record<string, string | number>): string {
  return Object.entries(parameters)
    .filter(([k, v]) => /^[A-Za-z0-9_-]+$/.test(k) && /^[A-Za-z0-9_.-]+$/.test(String(v)))
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

export function tapSdp(tap: TapDescription, port: number): string {
  const { codec } = tap;
  const name = codec.mimeType.split('/')[1];
  if (!name || !/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`unsupported codec ${codec.mimeType}`);
  if (!Number.isInteger(codec.payloadType) || codec.payloadType < 0 || codec.payloadType > 127) throw new Error('invalid payload type');
  const rtpmap = `${name}/${codec.clockRate}${tap.kind === 'audio' && codec.channels ? `/${codec.channels}` : ''}`;
  const params = fmtp(codec.parameters);
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=lophoc recorder tap',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${tap.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    ...(params ? [`a=fmtp:${codec.payloadType} ${params}`] : []),
    'a=rtcp-mux',
    'a=recvonly',
    '',
  ].join('\r\n');
}

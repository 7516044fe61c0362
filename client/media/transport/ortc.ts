import type { types } from 'mediasoup-client';
import type { DtlsParameters, RtpCapabilities, RtpParameters, TransportOptions } from '../../net/index.js';

/**
 * The wire's ORTC values (checked by the codec) -> mediasoup-client's stricter types: it types
 * header extension URIs and fingerprint algorithms as closed lists and wants a preferred payload
 * type on every capability. What it cannot use is left out here rather than cast in.
 */

const URIS: ReadonlySet<string> = new Set<types.RtpHeaderExtensionUri>([
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
  'urn:3gpp:video-orientation',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'urn:mediasoup:params:rtp-hdrext:packet-id',
]);

const ALGORITHMS: ReadonlySet<string> = new Set<types.FingerprintAlgorithm>(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

function knownUri(uri: string): uri is types.RtpHeaderExtensionUri {
  return URIS.has(uri);
}

function knownAlgorithm(algorithm: string): algorithm is types.FingerprintAlgorithm {
  return ALGORITHMS.has(algorithm);
}

export function routerCapabilities(caps: RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (caps.codecs ?? []).flatMap((c) => (c.preferredPayloadType === undefined ? [] : [{ ...c, preferredPayloadType: c.preferredPayloadType }])),
    headerExtensions: (caps.headerExtensions ?? []).flatMap((h) => {
      const uri = h.uri;
      return knownUri(uri) ? [{ ...h, uri }] : [];
    }),
  };
}

export function consumerParameters(p: RtpParameters): types.RtpParameters {
  return {
    ...p,
    headerExtensions: (p.headerExtensions ?? []).flatMap((h) => {
      const uri = h.uri;
      return knownUri(uri) ? [{ ...h, uri }] : [];
    }),
  };
}

function dtls(d: DtlsParameters): types.DtlsParameters {
  const fingerprints = d.fingerprints.flatMap((f) => {
    const algorithm = f.algorithm;
    return knownAlgorithm(algorithm) ? [{ algorithm, value: f.value }] : [];
  });
  if (fingerprints.length === 0) throw new Error('the server offered no DTLS fingerprint this browser can check');
  return { ...(d.role ? { role: d.role } : {}), fingerprints };
}

export function transportOptions(o: TransportOptions, iceServers: RTCIceServer[]): types.TransportOptions {
  return {
    id: o.id,
    iceParameters: o.iceParameters,
    iceCandidates: o.iceCandidates.map((c) => ({ ...c, ip: c.address })),
    dtlsParameters: dtls(o.dtlsParameters),
    iceServers,
  };
}

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

/**
 * Whether this device receives what the router offers, as the server assumed when it made the
 * transports at the join (and the consumers on them): every codec with the router's payload
 * type, and transport-cc when the router offers it. Otherwise the page asks for transports made
 * for its own capabilities (MediaSetupRequest).
 */
export function receivesRouterCapabilities(device: types.RtpCapabilities, router: RtpCapabilities): boolean {
  const key = (mimeType: string, pt: number | undefined) => `${mimeType.toLowerCase()}/${pt ?? -1}`;
  const have = new Set((device.codecs ?? []).map((c) => key(c.mimeType, c.preferredPayloadType)));
  if (!(router.codecs ?? []).every((c) => have.has(key(c.mimeType, c.preferredPayloadType)))) return false;
  const tcc = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
  const routerTcc = (router.headerExtensions ?? []).some((h) => h.uri === tcc);
  return !routerTcc || (device.headerExtensions ?? []).some((h) => h.uri === tcc);
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

/** Resolves when `transport` connects, fails or closes, or after `maxMs`, whichever comes first. */
export function settledOrAfter(transport: types.Transport, maxMs: number): Promise<void> {
  if (transport.connectionState === 'connected' || transport.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      transport.off('connectionstatechange', onState);
      transport.observer.off('close', done);
      resolve();
    };
    const onState = (state: types.ConnectionState) => (state === 'connected' || state === 'failed' || state === 'closed') && done();
    const timer = setTimeout(done, maxMs);
    transport.on('connectionstatechange', onState);
    transport.observer.on('close', done);
  });
}

/**
 * Explicit mappings between the engine's ORTC vocabulary (TransportNegotiationTypes.ts, what the
 * signaling codec produces and consumes) and mediasoup's types (conventions §5). The shapes are
 * the same; the mappings copy the known fields only, so nothing else reaches a peer or the worker.
 *
 * Into mediasoup: every value is validated by mediasoup itself (`ortc.validateAndNormalize*`,
 * which throws a TypeError → ValidationError); the copies are typed as mediasoup's after that
 * check, since mediasoup's types narrow a few strings (header extension URIs) to literal unions.
 */
import { ortc, type types } from 'mediasoup';
import type { MediaKind } from '../MediaEngineTypes.js';
import type {
  DtlsParameters,
  IceParameters,
  RtcpFeedback,
  RtpCapabilities,
  RtpCodecParameterValues,
  RtpEncodingParameters,
  RtpParameters,
  TransportDirection,
  TransportIceCandidate,
  TransportOptions,
} from '../TransportNegotiationTypes.js';

function codecParameters(p: Record<string, unknown> | undefined): RtpCodecParameterValues | undefined {
  if (!p) return undefined;
  const out: RtpCodecParameterValues = {};
  for (const [k, v] of Object.entries(p)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

function feedback(list: types.RtcpFeedback[] | undefined): RtcpFeedback[] | undefined {
  return list?.map((f) => (f.parameter === undefined ? { type: f.type } : { type: f.type, parameter: f.parameter }));
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** Router (or peer-filtered) capabilities → what a peer's device loads. */
export function capabilitiesFromMediasoup(caps: types.RtpCapabilities): RtpCapabilities {
  return {
    codecs: (caps.codecs ?? []).map((c) =>
      defined({
        kind: c.kind,
        mimeType: c.mimeType,
        preferredPayloadType: c.preferredPayloadType,
        clockRate: c.clockRate,
        channels: c.channels,
        parameters: codecParameters(c.parameters),
        rtcpFeedback: feedback(c.rtcpFeedback),
      }),
    ),
    headerExtensions: (caps.headerExtensions ?? []).map((h) =>
      defined({ kind: h.kind, uri: h.uri, preferredId: h.preferredId, preferredEncrypt: h.preferredEncrypt, direction: h.direction }),
    ),
  };
}

function encodingFromMediasoup(e: types.RtpEncodingParameters): RtpEncodingParameters {
  return defined({
    ssrc: e.ssrc,
    rid: e.rid,
    codecPayloadType: e.codecPayloadType,
    rtx: e.rtx ? { ssrc: e.rtx.ssrc } : undefined,
    dtx: e.dtx,
    scalabilityMode: e.scalabilityMode,
    maxBitrate: e.maxBitrate,
  });
}

/** A consumer's (or producer's) RTP parameters → what the peer's device consumes. */
export function parametersFromMediasoup(p: types.RtpParameters): RtpParameters {
  return defined({
    mid: p.mid,
    codecs: p.codecs.map((c) =>
      defined({
        mimeType: c.mimeType,
        payloadType: c.payloadType,
        clockRate: c.clockRate,
        channels: c.channels,
        parameters: codecParameters(c.parameters),
        rtcpFeedback: feedback(c.rtcpFeedback),
      }),
    ),
    headerExtensions: p.headerExtensions?.map((h) => defined({ uri: h.uri, id: h.id, encrypt: h.encrypt, parameters: codecParameters(h.parameters) })),
    encodings: p.encodings?.map(encodingFromMediasoup),
    rtcp: p.rtcp ? defined({ cname: p.rtcp.cname, reducedSize: p.rtcp.reducedSize }) : undefined,
    msid: p.msid,
  });
}

/** A peer's capabilities, validated and normalized by mediasoup (throws TypeError when malformed). */
export function capabilitiesToMediasoup(caps: RtpCapabilities): types.RtpCapabilities {
  if (typeof caps !== 'object' || caps === null) throw new TypeError('rtpCapabilities must be an object');
  const copy = structuredClone(caps) as types.RtpCapabilities;
  ortc.validateAndNormalizeRtpCapabilities(copy);
  return copy;
}

/** A peer's RTP parameters for a producer, validated and normalized by mediasoup (throws TypeError). */
export function parametersToMediasoup(params: RtpParameters): types.RtpParameters {
  if (typeof params !== 'object' || params === null) throw new TypeError('rtpParameters must be an object');
  const copy = structuredClone(params) as types.RtpParameters;
  ortc.validateAndNormalizeRtpParameters(copy);
  return copy;
}

export function dtlsToMediasoup(dtls: DtlsParameters): types.DtlsParameters {
  if (typeof dtls !== 'object' || dtls === null || !Array.isArray(dtls.fingerprints)) throw new TypeError('dtlsParameters.fingerprints must be a list');
  return {
    ...(dtls.role === undefined ? {} : { role: dtls.role }),
    fingerprints: dtls.fingerprints.map((f) => ({ algorithm: f.algorithm as types.FingerprintAlgorithm, value: f.value })),
  };
}

export function iceFromMediasoup(ice: types.IceParameters): IceParameters {
  return defined({ usernameFragment: ice.usernameFragment, password: ice.password, iceLite: ice.iceLite });
}

/** What the peer needs to create its side of `transport`. */
export function transportOptions(transport: types.WebRtcTransport, direction: TransportDirection): TransportOptions {
  const candidates: TransportIceCandidate[] = transport.iceCandidates.map((c) =>
    defined({
      foundation: c.foundation,
      priority: c.priority,
      address: c.address,
      protocol: c.protocol,
      port: c.port,
      type: c.type,
      tcpType: c.tcpType,
    }),
  );
  const dtls = transport.dtlsParameters;
  return {
    id: transport.id,
    direction,
    iceParameters: iceFromMediasoup(transport.iceParameters),
    iceCandidates: candidates,
    dtlsParameters: defined({ role: dtls.role, fingerprints: dtls.fingerprints.map((f) => ({ algorithm: f.algorithm, value: f.value })) }),
  };
}

export function isMediaKind(value: unknown): value is MediaKind {
  return value === 'audio' || value === 'video';
}

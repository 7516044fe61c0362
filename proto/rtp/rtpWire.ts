/**
 * Wire <-> ORTC mappings of proto/classroom/v1/rtp.proto, shared by the server's signaling codec
 * and the browser client's codec (both may import proto/; one implementation means one set of
 * limits): RTP capabilities and parameters here, ICE/DTLS/transport options in transportWire.ts,
 * the checks both apply in wireChecks.ts. `xFromProto` validates: unknown enum values, missing
 * required fields, numbers out of range and anything over RTP_WIRE_LIMITS throw an RtpWireError
 * before a value reaches the media engine or mediasoup-client (which validate semantics again).
 * `xToProto` only maps.
 */
// The generated code only as types: the join entry (client/joinEntry/) maps the first sound through
// this module and must not carry protobufjs (issue 10). Enum numbers are written out, each checked
// against its generated member by `satisfies` (a wrong number does not compile).
import type { classroom } from '../gen/classroom.js';
import type {
  RtcpFeedback,
  RtpCapabilities,
  RtpCapabilitiesInput,
  RtpCodecCapability,
  RtpCodecParameterValues,
  RtpCodecParameters,
  RtpEncodingParameters,
  RtpHeaderExtension,
  RtpHeaderExtensionDirection,
  RtpHeaderExtensionParameters,
  RtpMediaKind,
  RtpParameters,
  RtpParametersInput,
} from './rtpTypes.js';
import { RTP_WIRE_LIMITS as L, RtpWireError, enumMapping, int, list, optionalBool, optionalInt, optionalNumber, put, str, type Maybe } from './wireChecks.js';

export const mediaKinds = enumMapping<RtpMediaKind>('kind', [
  ['audio', 1 satisfies classroom.v1.MediaKind.MEDIA_KIND_AUDIO],
  ['video', 2 satisfies classroom.v1.MediaKind.MEDIA_KIND_VIDEO],
]);

const extensionDirections = enumMapping<RtpHeaderExtensionDirection>('direction', [
  ['sendrecv', 1 satisfies classroom.v1.RtpHeaderExtensionDirection.RTP_HEADER_EXTENSION_DIRECTION_SENDRECV],
  ['sendonly', 2 satisfies classroom.v1.RtpHeaderExtensionDirection.RTP_HEADER_EXTENSION_DIRECTION_SENDONLY],
  ['recvonly', 3 satisfies classroom.v1.RtpHeaderExtensionDirection.RTP_HEADER_EXTENSION_DIRECTION_RECVONLY],
  ['inactive', 4 satisfies classroom.v1.RtpHeaderExtensionDirection.RTP_HEADER_EXTENSION_DIRECTION_INACTIVE],
]);

const MIME_TYPE = /^(audio|video)\/[A-Za-z0-9][A-Za-z0-9.+_-]*$/;
const PARAMETER_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function mimeType(value: Maybe<string>, field: string): string {
  const s = str(value, field, L.shortChars, true);
  if (!MIME_TYPE.test(s)) throw new RtpWireError(`${field} is not a media type`);
  return s;
}

// ---- parameters and feedback ----

function parametersFromProto(value: Maybe<Record<string, classroom.v1.RtpParameterValue.$Properties>>, field: string): RtpCodecParameterValues | undefined {
  if (!value) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  if (entries.length > L.parameters) throw new RtpWireError(`${field} has more than ${L.parameters} entries`, true);
  const out: RtpCodecParameterValues = {};
  for (const [key, v] of entries) {
    str(key, `${field} key`, L.shortChars, true);
    if (!PARAMETER_KEY.test(key)) throw new RtpWireError(`${field} has an invalid key`);
    if (typeof v?.text === 'string') out[key] = str(v.text, `${field}.${key}`, L.textChars);
    else if (typeof v?.number === 'number' && Number.isFinite(v.number)) out[key] = v.number;
    else throw new RtpWireError(`${field}.${key} has no value`);
  }
  return out;
}

function parametersToProto(value: Record<string, unknown> | undefined): Record<string, classroom.v1.RtpParameterValue.$Properties> {
  const out: Record<string, classroom.v1.RtpParameterValue.$Properties> = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    if (typeof v === 'string') out[key] = { text: v };
    else if (typeof v === 'number' && Number.isFinite(v)) out[key] = { number: v };
    else throw new RtpWireError(`parameter ${key} is neither text nor a number`);
  }
  return out;
}

function feedbackFromProto(value: Maybe<readonly classroom.v1.RtcpFeedback.$Properties[]>, field: string): RtcpFeedback[] | undefined {
  const l = list(value, field, L.rtcpFeedback);
  if (l.length === 0) return undefined;
  return l.map((f) => {
    const out: RtcpFeedback = { type: str(f.type, `${field}.type`, L.shortChars, true) };
    const parameter = str(f.parameter, `${field}.parameter`, L.shortChars);
    if (parameter) out.parameter = parameter;
    return out;
  });
}

function feedbackToProto(value: RtcpFeedback[] | undefined): classroom.v1.RtcpFeedback.$Properties[] {
  return (value ?? []).map((f) => ({ type: f.type, parameter: f.parameter ?? '' }));
}

// ---- capabilities ----

function codecCapabilityFromProto(c: classroom.v1.RtpCodecCapability.$Properties): RtpCodecCapability {
  const out: RtpCodecCapability = {
    kind: mediaKinds.fromProto(c.kind, 'codecs.kind'),
    mimeType: mimeType(c.mimeType, 'codecs.mime_type'),
    clockRate: int(c.clockRate, 'codecs.clock_rate', 1, 1_000_000),
  };
  put(out, 'preferredPayloadType', optionalInt(c.preferredPayloadType, 'codecs.preferred_payload_type', 0, 127));
  put(out, 'channels', optionalInt(c.channels, 'codecs.channels', 1, 16));
  put(out, 'parameters', parametersFromProto(c.parameters, 'codecs.parameters'));
  put(out, 'rtcpFeedback', feedbackFromProto(c.rtcpFeedback, 'codecs.rtcp_feedback'));
  return out;
}

function headerExtensionFromProto(h: classroom.v1.RtpHeaderExtension.$Properties): RtpHeaderExtension {
  const out: RtpHeaderExtension = {
    kind: mediaKinds.fromProto(h.kind, 'header_extensions.kind'),
    uri: str(h.uri, 'header_extensions.uri', L.textChars, true),
    preferredId: int(h.preferredId, 'header_extensions.preferred_id', 1, 255),
  };
  if (h.preferredEncrypt) out.preferredEncrypt = true;
  if (h.direction) out.direction = extensionDirections.fromProto(h.direction, 'header_extensions.direction');
  return out;
}

export function rtpCapabilitiesFromProto(p: Maybe<classroom.v1.RtpCapabilities.$Properties>): RtpCapabilities {
  if (!p) throw new RtpWireError('rtp_capabilities is missing');
  return {
    codecs: list(p.codecs, 'rtp_capabilities.codecs', L.codecs).map(codecCapabilityFromProto),
    headerExtensions: list(p.headerExtensions, 'rtp_capabilities.header_extensions', L.headerExtensions).map(headerExtensionFromProto),
  };
}

export function rtpCapabilitiesToProto(c: RtpCapabilitiesInput): classroom.v1.RtpCapabilities.$Properties {
  return {
    codecs: (c.codecs ?? []).map((codec) => ({
      kind: mediaKinds.toProto(codec.kind),
      mimeType: codec.mimeType,
      preferredPayloadType: codec.preferredPayloadType ?? null,
      clockRate: codec.clockRate,
      channels: codec.channels ?? null,
      parameters: parametersToProto(codec.parameters),
      rtcpFeedback: feedbackToProto(codec.rtcpFeedback),
    })),
    headerExtensions: (c.headerExtensions ?? []).map((h) => ({
      kind: mediaKinds.toProto(h.kind),
      uri: h.uri,
      preferredId: h.preferredId,
      preferredEncrypt: h.preferredEncrypt ?? false,
      direction: h.direction ? extensionDirections.toProto(h.direction) : 0,
    })),
  };
}

// ---- parameters ----

function codecParametersFromProto(c: classroom.v1.RtpCodecParameters.$Properties): RtpCodecParameters {
  const out: RtpCodecParameters = {
    mimeType: mimeType(c.mimeType, 'codecs.mime_type'),
    payloadType: int(c.payloadType, 'codecs.payload_type', 0, 127),
    clockRate: int(c.clockRate, 'codecs.clock_rate', 1, 1_000_000),
  };
  put(out, 'channels', optionalInt(c.channels, 'codecs.channels', 1, 16));
  put(out, 'parameters', parametersFromProto(c.parameters, 'codecs.parameters'));
  put(out, 'rtcpFeedback', feedbackFromProto(c.rtcpFeedback, 'codecs.rtcp_feedback'));
  return out;
}

function extensionParametersFromProto(h: classroom.v1.RtpHeaderExtensionParameters.$Properties): RtpHeaderExtensionParameters {
  const out: RtpHeaderExtensionParameters = {
    uri: str(h.uri, 'header_extensions.uri', L.textChars, true),
    id: int(h.id, 'header_extensions.id', 1, 255),
  };
  if (h.encrypt) out.encrypt = true;
  put(out, 'parameters', parametersFromProto(h.parameters, 'header_extensions.parameters'));
  return out;
}

function encodingFromProto(e: classroom.v1.RtpEncodingParameters.$Properties): RtpEncodingParameters {
  const out: RtpEncodingParameters = {};
  put(out, 'ssrc', optionalInt(e.ssrc, 'encodings.ssrc', 0, 0xffff_ffff));
  const rid = str(e.rid, 'encodings.rid', L.shortChars);
  if (rid) out.rid = rid;
  put(out, 'codecPayloadType', optionalInt(e.codecPayloadType, 'encodings.codec_payload_type', 0, 127));
  const rtx = optionalInt(e.rtxSsrc, 'encodings.rtx_ssrc', 0, 0xffff_ffff);
  if (rtx !== undefined) out.rtx = { ssrc: rtx };
  put(out, 'dtx', optionalBool(e.dtx));
  const mode = str(e.scalabilityMode, 'encodings.scalability_mode', L.shortChars);
  if (mode) out.scalabilityMode = mode;
  put(out, 'maxBitrate', optionalInt(e.maxBitrate, 'encodings.max_bitrate', 0, 0xffff_ffff));
  put(out, 'scaleResolutionDownBy', optionalNumber(e.scaleResolutionDownBy, 'encodings.scale_resolution_down_by', 1, 1024));
  put(out, 'maxFramerate', optionalNumber(e.maxFramerate, 'encodings.max_framerate', 0, 1000));
  put(out, 'active', optionalBool(e.active));
  return out;
}

export function rtpParametersFromProto(p: Maybe<classroom.v1.RtpParameters.$Properties>): RtpParameters {
  if (!p) throw new RtpWireError('rtp_parameters is missing');
  const codecs = list(p.codecs, 'rtp_parameters.codecs', L.codecs).map(codecParametersFromProto);
  if (codecs.length === 0) throw new RtpWireError('rtp_parameters.codecs is empty');
  const out: RtpParameters = {
    codecs,
    headerExtensions: list(p.headerExtensions, 'rtp_parameters.header_extensions', L.headerExtensions).map(extensionParametersFromProto),
    encodings: list(p.encodings, 'rtp_parameters.encodings', L.encodings).map(encodingFromProto),
  };
  const mid = str(p.mid, 'rtp_parameters.mid', L.shortChars);
  if (mid) out.mid = mid;
  if (p.rtcp) {
    const rtcp: NonNullable<RtpParameters['rtcp']> = {};
    const cname = str(p.rtcp.cname, 'rtp_parameters.rtcp.cname', L.textChars);
    if (cname) rtcp.cname = cname;
    put(rtcp, 'reducedSize', optionalBool(p.rtcp.reducedSize));
    out.rtcp = rtcp;
  }
  const msid = str(p.msid, 'rtp_parameters.msid', L.textChars);
  if (msid) out.msid = msid;
  return out;
}

export function rtpParametersToProto(p: RtpParametersInput): classroom.v1.RtpParameters.$Properties {
  return {
    mid: p.mid ?? '',
    codecs: p.codecs.map((c) => ({
      mimeType: c.mimeType,
      payloadType: c.payloadType,
      clockRate: c.clockRate,
      channels: c.channels ?? null,
      parameters: parametersToProto(c.parameters),
      rtcpFeedback: feedbackToProto(c.rtcpFeedback),
    })),
    headerExtensions: (p.headerExtensions ?? []).map((h) => ({ uri: h.uri, id: h.id, encrypt: h.encrypt ?? false, parameters: parametersToProto(h.parameters) })),
    encodings: (p.encodings ?? []).map((e) => ({
      ssrc: e.ssrc ?? null,
      rid: e.rid ?? '',
      codecPayloadType: e.codecPayloadType ?? null,
      rtxSsrc: e.rtx?.ssrc ?? null,
      dtx: e.dtx ?? null,
      scalabilityMode: e.scalabilityMode ?? '',
      maxBitrate: e.maxBitrate ?? null,
      scaleResolutionDownBy: e.scaleResolutionDownBy ?? null,
      maxFramerate: e.maxFramerate ?? null,
      active: e.active ?? null,
    })),
    rtcp: p.rtcp ? { cname: p.rtcp.cname ?? '', reducedSize: p.rtcp.reducedSize ?? null } : null,
    msid: p.msid ?? '',
  };
}

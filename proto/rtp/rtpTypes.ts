/**
 * The ORTC vocabulary of transport negotiation (proto/classroom/v1/rtp.proto) as hand-written
 * types, spelled as mediasoup and mediasoup-client spell them so that values pass to either
 * without conversion. The server's engine interface (sfu/TransportNegotiationTypes.ts) has the
 * same shapes; the signaling codec checks that they stay assignable.
 */

export type RtpMediaKind = 'audio' | 'video';

/** Codec or header-extension parameters: `profile-level-id` → "42e01f", `apt` → 96. */
export type RtpCodecParameterValues = Record<string, string | number>;

export interface RtcpFeedback {
  type: string;
  parameter?: string;
}

export interface RtpCodecCapability {
  kind: RtpMediaKind;
  mimeType: string;
  preferredPayloadType?: number;
  clockRate: number;
  channels?: number;
  parameters?: RtpCodecParameterValues;
  rtcpFeedback?: RtcpFeedback[];
}

export type RtpHeaderExtensionDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RtpHeaderExtension {
  kind: RtpMediaKind;
  uri: string;
  preferredId: number;
  preferredEncrypt?: boolean;
  direction?: RtpHeaderExtensionDirection;
}

export interface RtpCapabilities {
  codecs?: RtpCodecCapability[];
  headerExtensions?: RtpHeaderExtension[];
}

export interface RtpCodecParameters {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: RtpCodecParameterValues;
  rtcpFeedback?: RtcpFeedback[];
}

export interface RtpHeaderExtensionParameters {
  uri: string;
  id: number;
  encrypt?: boolean;
  parameters?: RtpCodecParameterValues;
}

export interface RtpEncodingParameters {
  ssrc?: number;
  rid?: string;
  codecPayloadType?: number;
  rtx?: { ssrc: number };
  dtx?: boolean;
  scalabilityMode?: string;
  maxBitrate?: number;
  scaleResolutionDownBy?: number;
  maxFramerate?: number;
  active?: boolean;
}

export interface RtcpParameters {
  cname?: string;
  reducedSize?: boolean;
}

export interface RtpParameters {
  mid?: string;
  codecs: RtpCodecParameters[];
  headerExtensions?: RtpHeaderExtensionParameters[];
  encodings?: RtpEncodingParameters[];
  rtcp?: RtcpParameters;
  msid?: string;
}

export interface IceParameters {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
}

export interface TransportIceCandidate {
  foundation: string;
  priority: number;
  address: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  tcpType?: 'passive';
}

export type DtlsRole = 'auto' | 'client' | 'server';

export interface DtlsFingerprint {
  algorithm: string;
  value: string;
}

export interface DtlsParameters {
  role?: DtlsRole;
  fingerprints: DtlsFingerprint[];
}

export type TransportDirection = 'send' | 'recv';

/** One transport as the client creates its side of it (without the direction: the field names it). */
export interface TransportOptions {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: TransportIceCandidate[];
  dtlsParameters: DtlsParameters;
}

/**
 * What the `xToProto` mappings accept: the same shapes with parameter values left open, as
 * mediasoup-client types them (`Record<string, unknown>`); a value that is neither text nor a
 * number is refused when mapped.
 */
type LooseParameters<T> = Omit<T, 'parameters'> & { parameters?: Record<string, unknown> };

export interface RtpCapabilitiesInput {
  codecs?: Array<LooseParameters<RtpCodecCapability>>;
  headerExtensions?: RtpHeaderExtension[];
}

export interface RtpParametersInput extends Omit<RtpParameters, 'codecs' | 'headerExtensions'> {
  codecs: Array<LooseParameters<RtpCodecParameters>>;
  headerExtensions?: Array<LooseParameters<RtpHeaderExtensionParameters>>;
}

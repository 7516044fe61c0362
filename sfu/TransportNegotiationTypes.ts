/**
 * The vocabulary of transport-based negotiation (the mediasoup engine, mediasoup-client in the
 * browser): RTP capabilities and parameters, ICE and DTLS parameters. The shapes are ORTC's, as
 * mediasoup and mediasoup-client spell them, so that values pass between the two without
 * conversion; the signaling codec validates every field before a value reaches the engine.
 */
import type { MediaKind } from './MediaEngineTypes.js';

/** Codec or header-extension parameters: `profile-level-id` → "42e01f", `apt` → 96. */
export type RtpCodecParameterValues = Record<string, string | number>;

export interface RtcpFeedback {
  type: string;
  parameter?: string;
}

export interface RtpCodecCapability {
  kind: MediaKind;
  mimeType: string;
  preferredPayloadType?: number;
  clockRate: number;
  channels?: number;
  parameters?: RtpCodecParameterValues;
  rtcpFeedback?: RtcpFeedback[];
}

export type RtpHeaderExtensionDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RtpHeaderExtension {
  kind: MediaKind;
  uri: string;
  preferredId: number;
  preferredEncrypt?: boolean;
  direction?: RtpHeaderExtensionDirection;
}

/** What a router can send/receive, or what a peer's device can receive. */
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
  /** Only meaningful from the sender: the browser's own limits for this encoding. */
  maxBitrate?: number;
  scaleResolutionDownBy?: number;
  maxFramerate?: number;
  active?: boolean;
}

export interface RtcpParameters {
  cname?: string;
  reducedSize?: boolean;
}

/** How one track is sent (a producer's, from the peer) or received (a consumer's, to the peer). */
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

/** A candidate of the engine (ICE-lite: host candidates only, gathered up-front). */
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

/** What the peer needs to create its side of one transport (mediasoup-client createSendTransport / createRecvTransport). */
export interface TransportOptions {
  id: string;
  direction: TransportDirection;
  iceParameters: IceParameters;
  iceCandidates: TransportIceCandidate[];
  dtlsParameters: DtlsParameters;
}

/** What the peer needs to receive one stream (mediasoup-client recvTransport.consume). */
export interface ConsumerOptions {
  id: string;
  producerId: string;
  /** Which published stream this is. */
  peerId: string;
  label: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
}

/** A change of the streams a peer receives: consume the added ones, close the removed ones. */
export interface ConsumersChange {
  added: ConsumerOptions[];
  /** Consumer ids. */
  removed: string[];
}

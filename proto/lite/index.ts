/**
 * proto/lite: the part of the wire contract that needs no generated code: the protocol version and
 * the RTP vocabulary with its mappings (../rtp/). A second public surface of proto
 * (testkit/importBoundaries.ts) for the join entry (client/joinEntry/), which writes and reads its
 * few messages by hand and must not carry protobufjs or the generated code (issue 10: ~17 kB gzip
 * of a ~15 kB page). proto/index.ts re-exports all of it; nothing here may import ../gen/ other
 * than as types.
 */

/** The protocol version this build speaks; a JoinRequest with another version is refused. */
export const PROTOCOL_VERSION = 3;

export * from '../rtp/rtpTypes.js';
export { RTP_WIRE_LIMITS, RtpWireError } from '../rtp/wireChecks.js';
export { mediaKinds, rtpCapabilitiesFromProto, rtpCapabilitiesToProto, rtpParametersFromProto, rtpParametersToProto } from '../rtp/rtpWire.js';
export {
  dtlsParametersFromProto,
  dtlsParametersToProto,
  iceParametersFromProto,
  iceParametersToProto,
  transportDirections,
  transportOptionsFromProto,
  transportOptionsToProto,
} from '../rtp/transportWire.js';

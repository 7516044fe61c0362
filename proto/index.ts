/**
 * proto: the wire contract. The code in ./gen is generated from the .proto files by
 * proto/generate.sh (npm run gen:proto) and never edited by hand.
 */
import './numbers.js';

export { classroom } from './gen/classroom.js';

// The HTTP shapes (zod/mini) are NOT re-exported here: every student's entry chunk imports this
// file for the codec, and would then carry zod and every shape. Import them from
// proto/http/index.ts (the module table allows it as a second public surface).

/** The protocol version this build speaks; a JoinRequest with another version is refused. */
export const PROTOCOL_VERSION = 3;

/** HTTP shapes shared by the server routes and the client (one zod/mini schema per body). */
export * from './http/assignments.js';
export * from './http/gradebook.js';

export * from './rtp/rtpTypes.js';
export { RTP_WIRE_LIMITS, RtpWireError } from './rtp/wireChecks.js';
export { mediaKinds, rtpCapabilitiesFromProto, rtpCapabilitiesToProto, rtpParametersFromProto, rtpParametersToProto } from './rtp/rtpWire.js';
export {
  dtlsParametersFromProto,
  dtlsParametersToProto,
  iceParametersFromProto,
  iceParametersToProto,
  transportDirections,
  transportOptionsFromProto,
  transportOptionsToProto,
} from './rtp/transportWire.js';

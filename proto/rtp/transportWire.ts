/**
 * Wire <-> ORTC mappings of the transport messages of proto/classroom/v1/rtp.proto: ICE and DTLS
 * parameters, ICE candidates and a transport's options, shared by the server's and the browser's
 * codecs like rtpWire.ts, with the same checks (wireChecks.ts): `xFromProto` validates and throws
 * an RtpWireError, `xToProto` only maps.
 */
// The generated code only as types: the join entry (client/joinEntry/) maps the first sound through
// this module and must not carry protobufjs (issue 10). Enum numbers are written out, each checked
// against its generated member by `satisfies` (a wrong number does not compile).
import type { classroom } from '../gen/classroom.js';
import type { DtlsParameters, DtlsRole, IceParameters, TransportDirection, TransportIceCandidate, TransportOptions } from './rtpTypes.js';
import { RTP_WIRE_LIMITS as L, RtpWireError, enumMapping, int, list, str, type Maybe } from './wireChecks.js';

export const transportDirections = enumMapping<TransportDirection>('direction', [
  ['send', 1 satisfies classroom.v1.TransportDirection.TRANSPORT_DIRECTION_SEND],
  ['recv', 2 satisfies classroom.v1.TransportDirection.TRANSPORT_DIRECTION_RECV],
]);

const dtlsRoles = enumMapping<DtlsRole>('dtls role', [
  ['auto', 1 satisfies classroom.v1.DtlsRole.DTLS_ROLE_AUTO],
  ['client', 2 satisfies classroom.v1.DtlsRole.DTLS_ROLE_CLIENT],
  ['server', 3 satisfies classroom.v1.DtlsRole.DTLS_ROLE_SERVER],
]);

const iceProtocols = enumMapping<TransportIceCandidate['protocol']>('protocol', [
  ['udp', 1 satisfies classroom.v1.IceProtocol.ICE_PROTOCOL_UDP],
  ['tcp', 2 satisfies classroom.v1.IceProtocol.ICE_PROTOCOL_TCP],
]);

const candidateTypes = enumMapping<TransportIceCandidate['type']>('candidate type', [
  ['host', 1 satisfies classroom.v1.IceCandidateType.ICE_CANDIDATE_TYPE_HOST],
  ['srflx', 2 satisfies classroom.v1.IceCandidateType.ICE_CANDIDATE_TYPE_SRFLX],
  ['prflx', 3 satisfies classroom.v1.IceCandidateType.ICE_CANDIDATE_TYPE_PRFLX],
  ['relay', 4 satisfies classroom.v1.IceCandidateType.ICE_CANDIDATE_TYPE_RELAY],
]);

export function dtlsParametersFromProto(p: Maybe<classroom.v1.DtlsParameters.$Properties>): DtlsParameters {
  if (!p) throw new RtpWireError('dtls_parameters is missing');
  const fingerprints = list(p.fingerprints, 'dtls_parameters.fingerprints', L.fingerprints).map((f) => ({
    algorithm: str(f.algorithm, 'fingerprints.algorithm', L.shortChars, true),
    value: str(f.value, 'fingerprints.value', L.textChars, true),
  }));
  if (fingerprints.length === 0) throw new RtpWireError('dtls_parameters.fingerprints is empty');
  const out: DtlsParameters = { fingerprints };
  if (p.role) out.role = dtlsRoles.fromProto(p.role, 'dtls_parameters.role');
  return out;
}

export function dtlsParametersToProto(d: DtlsParameters): classroom.v1.DtlsParameters.$Properties {
  return { role: d.role ? dtlsRoles.toProto(d.role) : 0, fingerprints: d.fingerprints.map((f) => ({ algorithm: f.algorithm, value: f.value })) };
}

export function iceParametersFromProto(p: Maybe<classroom.v1.IceParameters.$Properties>): IceParameters {
  if (!p) throw new RtpWireError('ice_parameters is missing');
  const out: IceParameters = {
    usernameFragment: str(p.usernameFragment, 'ice_parameters.username_fragment', L.textChars, true),
    password: str(p.password, 'ice_parameters.password', L.textChars, true),
  };
  if (p.iceLite) out.iceLite = true;
  return out;
}

export function iceParametersToProto(i: IceParameters): classroom.v1.IceParameters.$Properties {
  return { usernameFragment: i.usernameFragment, password: i.password, iceLite: i.iceLite ?? false };
}

function candidateFromProto(c: classroom.v1.TransportIceCandidate.$Properties): TransportIceCandidate {
  const out: TransportIceCandidate = {
    foundation: str(c.foundation, 'ice_candidates.foundation', L.shortChars, true),
    priority: int(c.priority, 'ice_candidates.priority', 0, 0xffff_ffff),
    address: str(c.address, 'ice_candidates.address', L.textChars, true),
    protocol: iceProtocols.fromProto(c.protocol, 'ice_candidates.protocol'),
    port: int(c.port, 'ice_candidates.port', 1, 65535),
    type: candidateTypes.fromProto(c.type, 'ice_candidates.type'),
  };
  if (c.tcpPassive) out.tcpType = 'passive';
  return out;
}

export function transportOptionsFromProto(p: Maybe<classroom.v1.TransportOptions.$Properties>, field: string): TransportOptions {
  if (!p) throw new RtpWireError(`${field} is missing`);
  return {
    id: str(p.id, `${field}.id`, L.shortChars, true),
    iceParameters: iceParametersFromProto(p.iceParameters),
    iceCandidates: list(p.iceCandidates, `${field}.ice_candidates`, L.candidates).map(candidateFromProto),
    dtlsParameters: dtlsParametersFromProto(p.dtlsParameters),
  };
}

export function transportOptionsToProto(t: TransportOptions): classroom.v1.TransportOptions.$Properties {
  return {
    id: t.id,
    iceParameters: iceParametersToProto(t.iceParameters),
    iceCandidates: t.iceCandidates.map((c) => ({
      foundation: c.foundation,
      priority: c.priority,
      address: c.address,
      protocol: iceProtocols.toProto(c.protocol),
      port: c.port,
      type: candidateTypes.toProto(c.type),
      tcpPassive: c.tcpType === 'passive',
    })),
    dtlsParameters: dtlsParametersToProto(t.dtlsParameters),
  };
}

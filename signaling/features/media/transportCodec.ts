/**
 * The codec of transport negotiation (MEDIA_NEGOTIATION_TRANSPORT, docs/protocol.md "Transport
 * negotiation"): decoders of its requests and encoders of its answers and pushes, part of the
 * media slice's tables (codec.ts). The RTP vocabulary's mappings are shared with the browser
 * client (proto/rtp/rtpWire.ts); an RtpWireError becomes the ValidationError (BAD_REQUEST) or
 * TooLargeError (TOO_LARGE) every other field gets.
 */
import type { MediaSource } from '../../../classroom/index.js';
import { TooLargeError, ValidationError } from '../../../platform/index.js';
import {
  classroom,
  dtlsParametersFromProto,
  iceParametersToProto,
  mediaKinds,
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  RtpWireError,
  transportDirections,
  transportOptionsToProto,
  type RtpCapabilities as WireRtpCapabilities,
  type RtpParameters as WireRtpParameters,
} from '../../../proto/index.js';
import type { DtlsParameters, IceParameters, MediaKind, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from '../../../sfu/index.js';
import { trackSources } from '../../codec/enums.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import { required, type DecoderTable, type EncoderTable } from '../../codec/wire.js';


// The wire vocabulary (proto/rtp) and the engine's (sfu/TransportNegotiationTypes) are
// declared apart but must stay the same shapes: these fail to compile if they drift.
const capsToEngine = (c: WireRtpCapabilities): RtpCapabilities => c;
export const capsToWire = (c: RtpCapabilities): WireRtpCapabilities => c;
const paramsToEngine = (p: WireRtpParameters): RtpParameters => p;
const paramsToWire = (p: RtpParameters): WireRtpParameters => p;

/** Runs a shared RTP mapping; its errors become the codec's errors. */
export function rtp<T>(map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof RtpWireError) throw error.tooLarge ? new TooLargeError(error.message) : new ValidationError(error.message);
    throw error;
  }
}

/** A required id field: at most WIRE_LIMITS.idChars. */
export function id(value: string | null | undefined, field: string): string {
  const s = value ?? '';
  if (s.length > L.idChars) throw new TooLargeError(`${field} is longer than ${L.idChars} characters`);
  if (!s) throw new ValidationError(`${field} is missing`);
  return s;
}

export type TransportRequest =
  | { type: 'mediaSetup'; rtpCapabilities: RtpCapabilities }
  | { type: 'connectTransport'; direction: TransportDirection; dtlsParameters: DtlsParameters }
  | { type: 'produce'; source: MediaSource; kind: MediaKind; rtpParameters: RtpParameters }
  | { type: 'unpublish'; source: MediaSource }
  | { type: 'resumeConsumer'; consumerId: string }
  | { type: 'restartIce'; direction: TransportDirection };

/** One track a participant receives over its receive transport. */
export interface ConsumerView {
  id: string;
  producerId: string;
  participantId: string;
  source: MediaSource;
  kind: MediaKind;
  rtpParameters: RtpParameters;
}

export type TransportBody =
  | { type: 'mediaSetup'; send: Omit<TransportOptions, 'direction'>; recv: Omit<TransportOptions, 'direction'> }
  | { type: 'produce'; producerId: string }
  | { type: 'restartIce'; iceParameters: IceParameters }
  | { type: 'consumersChanged'; transportId: string; added: ConsumerView[]; removed: string[] }
  | { type: 'activeSpeaker'; participantId: string }
  | { type: 'talking'; participantId: string; talking: boolean };

export const transportDecoders: DecoderTable<TransportRequest> = {
  mediaSetup: (m) => {
    const s = required(m.mediaSetup, 'media_setup');
    return { type: 'mediaSetup', rtpCapabilities: capsToEngine(rtp(() => rtpCapabilitiesFromProto(s.rtpCapabilities))) };
  },
  connectTransport: (m) => {
    const c = required(m.connectTransport, 'connect_transport');
    return {
      type: 'connectTransport',
      direction: rtp(() => transportDirections.fromProto(c.direction)),
      dtlsParameters: rtp(() => dtlsParametersFromProto(c.dtlsParameters)),
    };
  },
  produce: (m) => {
    const p = required(m.produce, 'produce');
    return {
      type: 'produce',
      source: trackSources.fromWire(p.source, 'source'),
      kind: rtp(() => mediaKinds.fromProto(p.kind)),
      rtpParameters: paramsToEngine(rtp(() => rtpParametersFromProto(p.rtpParameters))),
    };
  },
  unpublish: (m) => ({ type: 'unpublish', source: trackSources.fromWire(required(m.unpublish, 'unpublish').source, 'source') }),
  resumeConsumer: (m) => ({ type: 'resumeConsumer', consumerId: id(required(m.resumeConsumer, 'resume_consumer').consumerId, 'consumer_id') }),
  restartIce: (m) => ({ type: 'restartIce', direction: rtp(() => transportDirections.fromProto(required(m.restartIce, 'restart_ice').direction)) }),
};

/** One consumer a client receives (ConsumersChanged, FirstSoundResponse). */
export function consumerToProto(c: ConsumerView): classroom.v1.Consumer.$Properties {
  return {
    id: c.id,
    producerId: c.producerId,
    participantId: c.participantId,
    source: trackSources.toWire(c.source),
    kind: mediaKinds.toProto(c.kind),
    rtpParameters: rtpParametersToProto(paramsToWire(c.rtpParameters)),
  };
}

export const transportEncoders: EncoderTable<TransportBody> = {
  mediaSetup: (b) => ({ mediaSetup: { send: transportOptionsToProto(b.send), recv: transportOptionsToProto(b.recv) } }),
  produce: (b) => ({ produce: { producerId: b.producerId } }),
  restartIce: (b) => ({ restartIce: { iceParameters: iceParametersToProto(b.iceParameters) } }),
  consumersChanged: (b) => ({ consumersChanged: { added: b.added.map(consumerToProto), removed: b.removed, transportId: b.transportId } }),
  activeSpeaker: (b) => ({ activeSpeaker: { participantId: b.participantId } }),
  talking: (b) => ({ talking: { participantId: b.participantId, talking: b.talking } }),
};

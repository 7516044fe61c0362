/**
 * The transport negotiation (docs/protocol.md "Transport negotiation") on the client's wire,
 * both ways: its requests and pushes as feature tables (./index.ts, ./mirror.ts), its responses
 * and the JoinResponse's media fields for the central codec. The RTP vocabulary's mappings are
 * shared with the server (proto/rtp/rtpWire.ts); their RtpWireError becomes a CodecError here.
 */
import {
  classroom,
  dtlsParametersFromProto,
  dtlsParametersToProto,
  iceParametersFromProto,
  iceParametersToProto,
  mediaKinds,
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  transportDirections,
  transportOptionsFromProto,
  transportOptionsToProto,
  type DtlsParameters,
  type RtpCapabilitiesInput,
  type RtpMediaKind,
  type RtpParametersInput,
  type TransportDirection,
} from '../../../proto/index.js';
import { CodecError, list, required, requiredStr, str, trackSourceFromProto, trackSourceToProto } from '../codecEnums.js';
import type { RtpCapabilities, ServerResponse, TrackSource, TransportOptions } from '../types.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders } from './FeatureCodecTypes.js';
import { consumerFromProto, firstSoundOfferFromProto, wire, type RemoteConsumer } from './consumerWire.js';

export type { FirstSoundOffer, RemoteConsumer } from './consumerWire.js';

import pb = classroom.v1;

export type TransportRequest =
  | { type: 'mediaSetup'; rtpCapabilities: RtpCapabilitiesInput }
  | { type: 'connectTransport'; direction: TransportDirection; dtlsParameters: DtlsParameters }
  | { type: 'produce'; source: TrackSource; kind: RtpMediaKind; rtpParameters: RtpParametersInput }
  | { type: 'unpublish'; source: TrackSource }
  | { type: 'resumeConsumer'; consumerId: string }
  | { type: 'restartIce'; direction: TransportDirection }
  /** The first sound of a join (docs/weak-networks.md "The first sound"). */
  | { type: 'firstSound' }
  | { type: 'firstSoundConnect'; transportId: string; dtlsParameters: DtlsParameters }
  | { type: 'firstSoundClose'; transportId: string };

export type TransportPush =
  /** Consume the added, close the removed; `transportId` is the receive transport they belong to. */
  | { type: 'consumersChanged'; transportId: string; added: RemoteConsumer[]; removed: string[] }
  /** '' = nobody. */
  | { type: 'activeSpeaker'; participantId: string }
  | { type: 'talking'; participantId: string; talking: boolean };

type TransportResponse = Extract<ServerResponse, { type: 'mediaSetup' | 'produce' | 'restartIce' | 'firstSound' }>;

// ---- JoinResponse ----

/** The router's capabilities, which the device loads before anything else (always sent). */
export function joinCapabilitiesFromProto(p: pb.JoinResponse.$Properties): RtpCapabilities {
  if (!p.rtpCapabilities) throw new CodecError('join without the media capabilities');
  return wire(() => rtpCapabilitiesFromProto(p.rtpCapabilities));
}

export function joinCapabilitiesToProto(rtpCapabilities: RtpCapabilities): Pick<pb.JoinResponse.$Properties, 'rtpCapabilities'> {
  return { rtpCapabilities: rtpCapabilitiesToProto(rtpCapabilities) };
}

/** The transports made at the join (`media_at_join`), or null when the server sent none. */
export function joinTransportsFromProto(p: pb.JoinResponse.$Properties): { send: TransportOptions; recv: TransportOptions } | null {
  if (!p.media) return null;
  const media = p.media;
  return { send: wire(() => transportOptionsFromProto(media.send, 'send')), recv: wire(() => transportOptionsFromProto(media.recv, 'recv')) };
}

export function joinTransportsToProto(media: { send: TransportOptions; recv: TransportOptions } | null): Pick<pb.JoinResponse.$Properties, 'media'> {
  return { media: media ? { send: transportOptionsToProto(media.send), recv: transportOptionsToProto(media.recv) } : null };
}

// ---- the app's side ----

export const transportRequests: RequestEncoders<TransportRequest> = {
  mediaSetup: (r) => ({ mediaSetup: { rtpCapabilities: wire(() => rtpCapabilitiesToProto(r.rtpCapabilities)) } }),
  connectTransport: (r) => ({ connectTransport: { direction: transportDirections.toProto(r.direction), dtlsParameters: wire(() => dtlsParametersToProto(r.dtlsParameters)) } }),
  produce: (r) => ({
    produce: { source: trackSourceToProto(r.source), kind: mediaKinds.toProto(r.kind), rtpParameters: wire(() => rtpParametersToProto(r.rtpParameters)) },
  }),
  unpublish: (r) => ({ unpublish: { source: trackSourceToProto(r.source) } }),
  resumeConsumer: (r) => ({ resumeConsumer: { consumerId: r.consumerId } }),
  restartIce: (r) => ({ restartIce: { direction: transportDirections.toProto(r.direction) } }),
  firstSound: () => ({ firstSound: {} }),
  firstSoundConnect: (r) => ({ firstSoundConnect: { transportId: r.transportId, dtlsParameters: wire(() => dtlsParametersToProto(r.dtlsParameters)) } }),
  firstSoundClose: (r) => ({ firstSoundClose: { transportId: r.transportId } }),
};

function consumerToProto(c: RemoteConsumer): pb.Consumer.$Properties {
  return {
    id: c.id,
    producerId: c.producerId,
    participantId: c.participantId,
    source: trackSourceToProto(c.source),
    kind: mediaKinds.toProto(c.kind),
    rtpParameters: rtpParametersToProto(c.rtpParameters),
  };
}

export const transportPushes: PushDecoders<TransportPush> = {
  consumersChanged: (m) => {
    const c = required(m.consumersChanged, 'consumersChanged');
    return {
      type: 'consumersChanged',
      transportId: requiredStr(c.transportId, 'consumersChanged.transportId'),
      added: list(c.added).map(consumerFromProto),
      removed: list(c.removed).map((id) => requiredStr(id, 'consumersChanged.removed')),
    };
  },
  activeSpeaker: (m) => ({ type: 'activeSpeaker', participantId: str(m.activeSpeaker?.participantId) }),
  talking: (m) => {
    const t = required(m.talking, 'talking');
    return { type: 'talking', participantId: requiredStr(t.participantId, 'talking.participantId'), talking: t.talking === true };
  },
};

/** The answers to MediaSetup, Produce and RestartIce (null: another body). */
export function transportResponseFromProto(m: pb.ServerMessage): TransportResponse | null {
  switch (m.body) {
    case 'mediaSetup': {
      const s = required(m.mediaSetup, 'mediaSetup');
      return { type: 'mediaSetup', send: wire(() => transportOptionsFromProto(s.send, 'send')), recv: wire(() => transportOptionsFromProto(s.recv, 'recv')) };
    }
    case 'produce':
      return { type: 'produce', producerId: requiredStr(m.produce?.producerId, 'producerId') };
    case 'restartIce':
      return { type: 'restartIce', iceParameters: wire(() => iceParametersFromProto(m.restartIce?.iceParameters)) };
    case 'firstSound':
      return { type: 'firstSound', offer: firstSoundOfferFromProto(required(m.firstSound, 'firstSound')) };
    default:
      return null;
  }
}

// ---- the server's side (tests and fake servers: ./mirror.ts, ../codecMirror.ts) ----

export function transportResponseToProto(r: TransportResponse): pb.ServerMessage.$Properties {
  switch (r.type) {
    case 'mediaSetup':
      return { mediaSetup: { send: transportOptionsToProto(r.send), recv: transportOptionsToProto(r.recv) } };
    case 'produce':
      return { produce: { producerId: r.producerId } };
    case 'restartIce':
      return { restartIce: { iceParameters: iceParametersToProto(r.iceParameters) } };
    case 'firstSound':
      return { firstSound: r.offer ? { transport: transportOptionsToProto(r.offer.transport), consumer: consumerToProto(r.offer.consumer) } : {} };
  }
}

export const transportMirror = {
  requests: {
    mediaSetup: (m) => ({ type: 'mediaSetup', rtpCapabilities: wire(() => rtpCapabilitiesFromProto(m.mediaSetup?.rtpCapabilities)) }),
    connectTransport: (m) => {
      const c = required(m.connectTransport, 'connectTransport');
      return { type: 'connectTransport', direction: wire(() => transportDirections.fromProto(c.direction)), dtlsParameters: wire(() => dtlsParametersFromProto(c.dtlsParameters)) };
    },
    produce: (m) => {
      const p = required(m.produce, 'produce');
      return { type: 'produce', source: trackSourceFromProto(p.source), kind: wire(() => mediaKinds.fromProto(p.kind)), rtpParameters: wire(() => rtpParametersFromProto(p.rtpParameters)) };
    },
    unpublish: (m) => ({ type: 'unpublish', source: trackSourceFromProto(m.unpublish?.source) }),
    resumeConsumer: (m) => ({ type: 'resumeConsumer', consumerId: requiredStr(m.resumeConsumer?.consumerId, 'consumerId') }),
    restartIce: (m) => ({ type: 'restartIce', direction: wire(() => transportDirections.fromProto(m.restartIce?.direction)) }),
    firstSound: () => ({ type: 'firstSound' }),
    firstSoundConnect: (m) => {
      const c = required(m.firstSoundConnect, 'firstSoundConnect');
      return { type: 'firstSoundConnect', transportId: requiredStr(c.transportId, 'transportId'), dtlsParameters: wire(() => dtlsParametersFromProto(c.dtlsParameters)) };
    },
    firstSoundClose: (m) => ({ type: 'firstSoundClose', transportId: requiredStr(m.firstSoundClose?.transportId, 'transportId') }),
  } satisfies RequestDecoders<TransportRequest>,
  pushes: {
    consumersChanged: (p) => ({
      consumersChanged: {
        transportId: p.transportId,
        removed: p.removed,
        added: p.added.map(consumerToProto),
      },
    }),
    activeSpeaker: (p) => ({ activeSpeaker: { participantId: p.participantId } }),
    talking: (p) => ({ talking: { participantId: p.participantId, talking: p.talking } }),
  } satisfies PushEncoders<TransportPush>,
};

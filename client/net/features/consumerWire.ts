/**
 * The transport negotiation's mappings that need no generated code: a consumer and the first
 * sound's offer, read by the app's codec (./mediaTransport.ts) and by the join entry
 * (client/joinEntry/entryWire.ts) alike, so that both give the same values from the same bytes.
 * The generated code appears only as types: the entry must not carry protobufjs (issue 10).
 */
import {
  mediaKinds,
  rtpParametersFromProto,
  RtpWireError,
  transportOptionsFromProto,
  type RtpMediaKind,
  type RtpParameters,
} from '../../../proto/lite/index.js';
import type { classroom } from '../../../proto/index.js';
import { CodecError, required, requiredStr, trackSourceFromProto } from '../codecBase.js';
import type { TrackSource, TransportOptions } from '../types.js';

/** One track this client receives over its receive transport (ConsumersChanged). */
export interface RemoteConsumer {
  id: string;
  producerId: string;
  participantId: string;
  source: TrackSource;
  kind: RtpMediaKind;
  rtpParameters: RtpParameters;
}

/** A first-sound transport with its one consumer (the teacher's microphone), or null: nothing to hear. */
export type FirstSoundOffer = { transport: TransportOptions; consumer: RemoteConsumer } | null;

/** Runs a shared mapping; its errors become CodecErrors. */
export function wire<T>(map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof RtpWireError) throw new CodecError(error.message);
    throw error;
  }
}

export function consumerFromProto(c: classroom.v1.Consumer.$Properties): RemoteConsumer {
  return {
    id: requiredStr(c.id, 'consumer.id'),
    producerId: requiredStr(c.producerId, 'consumer.producerId'),
    participantId: requiredStr(c.participantId, 'consumer.participantId'),
    source: trackSourceFromProto(c.source),
    kind: wire(() => mediaKinds.fromProto(c.kind)),
    rtpParameters: wire(() => rtpParametersFromProto(c.rtpParameters)),
  };
}

/** A FirstSoundResponse: an empty one (no transport) says there is nothing to hear. */
export function firstSoundOfferFromProto(f: classroom.v1.FirstSoundResponse.$Properties): FirstSoundOffer {
  if (!f.transport) return null;
  const offer = { transport: wire(() => transportOptionsFromProto(f.transport, 'firstSound.transport')), consumer: consumerFromProto(required(f.consumer, 'firstSound.consumer')) };
  if (offer.consumer.kind !== 'audio') throw new CodecError('a first sound that is not audio');
  return offer;
}

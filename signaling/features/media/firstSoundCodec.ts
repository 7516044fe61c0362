/**
 * The codec of the first sound (docs/protocol.md "The first sound"): its three requests and its
 * answer, part of the media slice's tables (codec.ts). Transport ids are bounded like every id;
 * DTLS parameters go through the same shared mapping as ConnectTransport's.
 */
import { dtlsParametersFromProto, transportOptionsToProto } from '../../../proto/index.js';
import type { DtlsParameters, TransportOptions } from '../../../sfu/index.js';
import { required, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import { consumerToProto, id, rtp, type ConsumerView } from './transportCodec.js';

export type FirstSoundRequest =
  | { type: 'firstSound' }
  | { type: 'firstSoundConnect'; transportId: string; dtlsParameters: DtlsParameters }
  | { type: 'firstSoundClose'; transportId: string };

/** The answer to FirstSoundRequest: without `sound`, nothing to hear (an empty FirstSoundResponse). */
export type FirstSoundBody = { type: 'firstSound'; sound?: { transport: Omit<TransportOptions, 'direction'>; consumer: ConsumerView } };

export const firstSoundDecoders: DecoderTable<FirstSoundRequest> = {
  firstSound: () => ({ type: 'firstSound' }),
  firstSoundConnect: (m) => {
    const c = required(m.firstSoundConnect, 'first_sound_connect');
    return { type: 'firstSoundConnect', transportId: id(c.transportId, 'transport_id'), dtlsParameters: rtp(() => dtlsParametersFromProto(c.dtlsParameters)) };
  },
  firstSoundClose: (m) => ({ type: 'firstSoundClose', transportId: id(required(m.firstSoundClose, 'first_sound_close').transportId, 'transport_id') }),
};

export const firstSoundEncoders: EncoderTable<FirstSoundBody> = {
  firstSound: (b) => ({ firstSound: b.sound ? { transport: transportOptionsToProto(b.sound.transport), consumer: consumerToProto(b.sound.consumer) } : {} }),
};

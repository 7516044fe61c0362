/** Raised hands on the wire (proto/classroom/v1/hands.proto), both ways. */
import { HANDS, type HandEntry } from '../../../classroom/index.js';
import type { classroom } from '../../../proto/index.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import { text, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

export type HandsRequest = { type: 'raiseHand' } | { type: 'lowerHand'; participantId: string };
export type HandsBody = { type: 'handQueue'; entries: HandEntry[] };

const handToProto = (h: HandEntry): classroom.v1.HandQueueEntry.$Properties => ({ ...h });

export const decoders: DecoderTable<HandsRequest> = {
  raiseHand: () => ({ type: 'raiseHand' }),
  lowerHand: (m) => ({ type: 'lowerHand', participantId: text(m.lowerHand?.participantId, 'participant_id', L.idChars) }),
};

export const encoders: EncoderTable<HandsBody> = {
  handQueue: (b) => ({ handQueue: { entries: b.entries.map(handToProto) } }),
};

/** LessonSnapshot.hand_queue: the queue when the participant entered. */
export const snapshot: SnapshotPart = (s) => ({ handQueue: (HANDS.snapshotIn(s) ?? []).map(handToProto) });

import { list, num, requiredStr, str } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';
import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/** Raised hands (R2) on the wire (proto/classroom/v1/hands.proto), both ways. */

export interface HandQueueEntry {
  participantId: string;
  displayName: string;
  raisedAtMs: number;
}

export type HandsRequest =
  | { type: 'raiseHand' }
  /** participantId '' lowers the caller's own hand. */
  | { type: 'lowerHand'; participantId: string };

export type HandsPush = { type: 'handQueue'; entries: HandQueueEntry[] };

/** The feature's fields of LessonSnapshot. */
export interface HandsSnapshot {
  /** Oldest first. */
  handQueue: HandQueueEntry[];
}

function handEntryFromProto(p: pb.HandQueueEntry.$Properties): HandQueueEntry {
  return {
    participantId: requiredStr(p.participantId, 'hand.participantId'),
    displayName: str(p.displayName),
    raisedAtMs: num(p.raisedAtMs),
  };
}

const handEntryToProto = (h: HandQueueEntry): pb.HandQueueEntry.$Properties => ({ ...h });

export const handsRequests: RequestEncoders<HandsRequest> = {
  raiseHand: () => ({ raiseHand: {} }),
  lowerHand: (r) => ({ lowerHand: { participantId: r.participantId } }),
};

export const handsPushes: PushDecoders<HandsPush> = {
  handQueue: (m) => ({ type: 'handQueue', entries: list(m.handQueue?.entries).map(handEntryFromProto) }),
};

export const handsSnapshot: SnapshotDecoder<HandsSnapshot> = (p) => ({ handQueue: list(p.handQueue).map(handEntryFromProto) });

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const handsMirror = {
  requests: {
    raiseHand: () => ({ type: 'raiseHand' }),
    lowerHand: (m) => ({ type: 'lowerHand', participantId: str(m.lowerHand?.participantId) }),
  } satisfies RequestDecoders<HandsRequest>,
  pushes: {
    handQueue: (p) => ({ handQueue: { entries: p.entries.map(handEntryToProto) } }),
  } satisfies PushEncoders<HandsPush>,
  snapshot: ((s) => ({ handQueue: s.handQueue.map(handEntryToProto) })) satisfies SnapshotEncoder<HandsSnapshot>,
};

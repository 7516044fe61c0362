import { num, requiredStr, str } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';
import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/** Materials handed out in the lesson (R1) on the wire (proto/classroom/v1/handout.proto), both ways. */

export interface HandedOutMaterial {
  materialId: string;
  title: string;
  kind: string;
  mediaType: string;
  handedOutAtMs: number;
}

export type HandoutRequest = { type: 'handOutMaterial'; materialId: string };
export type HandoutPush = { type: 'materialHandedOut'; material: HandedOutMaterial };

export interface HandoutSnapshot {
  handout: HandedOutMaterial | null;
}

function fromProto(p: pb.HandedOutMaterial.$Properties): HandedOutMaterial {
  return { materialId: requiredStr(p.materialId, 'handout.materialId'), title: str(p.title), kind: str(p.kind), mediaType: str(p.mediaType), handedOutAtMs: num(p.handedOutAtMs) };
}

const toProto = (m: HandedOutMaterial): pb.HandedOutMaterial.$Properties => ({ ...m });

export const handoutRequests: RequestEncoders<HandoutRequest> = {
  handOutMaterial: (r) => ({ handOutMaterial: { materialId: r.materialId } }),
};

export const handoutPushes: PushDecoders<HandoutPush> = {
  materialHandedOut: (m) => ({ type: 'materialHandedOut', material: fromProto(m.materialHandedOut?.material ?? {}) }),
};

export const handoutSnapshot: SnapshotDecoder<HandoutSnapshot> = (p) => ({ handout: p.handout ? fromProto(p.handout) : null });

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const handoutMirror = {
  requests: {
    handOutMaterial: (m) => ({ type: 'handOutMaterial', materialId: str(m.handOutMaterial?.materialId) }),
  } satisfies RequestDecoders<HandoutRequest>,
  pushes: {
    materialHandedOut: (p) => ({ materialHandedOut: { material: toProto(p.material) } }),
  } satisfies PushEncoders<HandoutPush>,
  snapshot: ((s) => (s.handout ? { handout: toProto(s.handout) } : {})) satisfies SnapshotEncoder<HandoutSnapshot>,
};

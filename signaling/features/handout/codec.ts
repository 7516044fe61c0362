/** Materials handed out in the lesson on the wire (proto/classroom/v1/handout.proto), both ways. */
import { HANDOUT, type HandedOut } from '../../../classroom/index.js';
import type { classroom } from '../../../proto/index.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import { text, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

export type HandoutRequest = { type: 'handOutMaterial'; materialId: string };
export type HandoutBody = { type: 'materialHandedOut'; material: HandedOut };

const toProto = (m: HandedOut): classroom.v1.HandedOutMaterial.$Properties => ({
  materialId: m.materialId,
  title: m.title,
  kind: m.kind,
  mediaType: m.mediaType,
  handedOutAtMs: m.handedOutAt,
});

export const decoders: DecoderTable<HandoutRequest> = {
  handOutMaterial: (m) => ({ type: 'handOutMaterial', materialId: text(m.handOutMaterial?.materialId, 'material_id', L.idChars) }),
};

export const encoders: EncoderTable<HandoutBody> = {
  materialHandedOut: (b) => ({ materialHandedOut: { material: toProto(b.material) } }),
};

/** LessonSnapshot.handout: the material last handed out, for a latecomer. */
export const snapshot: SnapshotPart = (s) => {
  const m = HANDOUT.snapshotIn(s);
  return m ? { handout: toProto(m) } : {};
};

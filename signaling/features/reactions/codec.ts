/** Reactions on the wire (proto/classroom/v1/reactions.proto), both ways. */
import type { ReactionKind } from '../../../classroom/index.js';
import { classroom } from '../../../proto/index.js';
import { mapping } from '../../codec/enums.js';
import type { DecoderTable, EncoderTable } from '../../codec/wire.js';

const v1 = classroom.v1;

export type ReactionsRequest = { type: 'sendReaction'; kind: ReactionKind };
export type ReactionsBody = { type: 'reaction'; participantId: string; kind: ReactionKind; sentAtMs: number };

export const reactionKinds = mapping<ReactionKind>([
  ['thumbs_up', v1.ReactionKind.REACTION_KIND_THUMBS_UP],
  ['clap', v1.ReactionKind.REACTION_KIND_CLAP],
  ['heart', v1.ReactionKind.REACTION_KIND_HEART],
  ['laugh', v1.ReactionKind.REACTION_KIND_LAUGH],
  ['surprised', v1.ReactionKind.REACTION_KIND_SURPRISED],
  ['question', v1.ReactionKind.REACTION_KIND_QUESTION],
]);

export const decoders: DecoderTable<ReactionsRequest> = {
  sendReaction: (m) => ({ type: 'sendReaction', kind: reactionKinds.fromWire(m.sendReaction?.kind, 'kind') }),
};

export const encoders: EncoderTable<ReactionsBody> = {
  reaction: (b) => ({ reaction: { participantId: b.participantId, kind: reactionKinds.toWire(b.kind), sentAtMs: b.sentAtMs } }),
};

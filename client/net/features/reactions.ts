import { classroom } from '../../../proto/index.js';
import { enumCodec, num, required, requiredStr } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders } from './FeatureCodecTypes.js';

import pb = classroom.v1;

/** Reactions (R2) on the wire (proto/classroom/v1/reactions.proto), both ways. Not in the snapshot. */

export type ReactionKind = 'thumbs-up' | 'clap' | 'heart' | 'laugh' | 'surprised' | 'question';

export type ReactionsRequest = { type: 'sendReaction'; kind: ReactionKind };
export type ReactionsPush = { type: 'reaction'; participantId: string; kind: ReactionKind; sentAtMs: number };

const reaction = enumCodec('ReactionKind', {
  'thumbs-up': pb.ReactionKind.REACTION_KIND_THUMBS_UP,
  clap: pb.ReactionKind.REACTION_KIND_CLAP,
  heart: pb.ReactionKind.REACTION_KIND_HEART,
  laugh: pb.ReactionKind.REACTION_KIND_LAUGH,
  surprised: pb.ReactionKind.REACTION_KIND_SURPRISED,
  question: pb.ReactionKind.REACTION_KIND_QUESTION,
} satisfies Record<ReactionKind, pb.ReactionKind>);
export const reactionKindToProto = reaction.toProto;
export const reactionKindFromProto = reaction.fromProto;

export const reactionsRequests: RequestEncoders<ReactionsRequest> = {
  sendReaction: (r) => ({ sendReaction: { kind: reactionKindToProto(r.kind) } }),
};

export const reactionsPushes: PushDecoders<ReactionsPush> = {
  reaction: (m) => {
    const r = required(m.reaction, 'reaction');
    return { type: 'reaction', participantId: requiredStr(r.participantId, 'participantId'), kind: reactionKindFromProto(r.kind), sentAtMs: num(r.sentAtMs) };
  },
};

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const reactionsMirror = {
  requests: {
    sendReaction: (m) => ({ type: 'sendReaction', kind: reactionKindFromProto(m.sendReaction?.kind) }),
  } satisfies RequestDecoders<ReactionsRequest>,
  pushes: {
    reaction: (p) => ({ reaction: { participantId: p.participantId, kind: reactionKindToProto(p.kind), sentAtMs: p.sentAtMs } }),
  } satisfies PushEncoders<ReactionsPush>,
};

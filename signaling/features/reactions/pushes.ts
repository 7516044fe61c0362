import type { ReactionsEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { ReactionsBody } from './codec.js';

/** ReactionSent, to the sender's room. */
export const pushes: PushTable<ReactionsEvent, ReactionsBody> = {
  reactionSent: (e) => ({ type: 'reaction', participantId: e.participantId, kind: e.kind, sentAtMs: e.atMs }),
};

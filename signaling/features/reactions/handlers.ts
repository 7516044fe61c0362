/** Reactions: anyone inside the lesson (the domain refuses the lobby with NOT_JOINED). */
import { REACTIONS } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { ReactionsRequest } from './codec.js';

export const handlers: HandlerTable<ReactionsRequest> = {
  sendReaction: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(REACTIONS).react(participantId, req.kind);
  },
};

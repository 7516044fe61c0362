/** Raise and lower hands; the domain refuses another's hand to anyone but a teacher (FORBIDDEN). */
import { HANDS } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { HandsRequest } from './codec.js';

export const handlers: HandlerTable<HandsRequest> = {
  raiseHand: async (session, _req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(HANDS).raise(participantId);
  },
  lowerHand: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(HANDS).lower(participantId, req.participantId);
  },
};

/** Breakout groups (R7): teacher-only requests; the domain refuses them to anyone else (FORBIDDEN). */
import { BREAKOUT } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { BreakoutRequest } from './codec.js';

export const handlers: HandlerTable<BreakoutRequest> = {
  startBreakout: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(BREAKOUT).start(participantId, { assignments: req.groups, randomCount: req.randomGroupCount });
  },
  endBreakout: async (session, _req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(BREAKOUT).end(participantId);
  },
  visitBreakoutGroup: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(BREAKOUT).visit(participantId, req.groupId);
  },
  broadcastToGroups: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(BREAKOUT).broadcast(participantId, req.text);
  },
};

/** Breakout groups (R7): teacher-only requests; the room checks the role. */
import { joined, type Handler } from '../context.js';

export const startBreakout: Handler<'startBreakout'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.startBreakout(participantId, { assignments: req.groups, randomCount: req.randomGroupCount });
};

export const endBreakout: Handler<'endBreakout'> = async (session, _req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.endBreakout(participantId);
};

export const visitBreakoutGroup: Handler<'visitBreakoutGroup'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.visitGroup(participantId, req.groupId);
};

export const broadcastToGroups: Handler<'broadcastToGroups'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.broadcastToGroups(participantId, req.text);
};

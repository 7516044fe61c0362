/** The teacher's requests; the room refuses them for anyone but a teacher (FORBIDDEN). */
import { joined, type Handler } from '../context.js';

export const endLesson: Handler<'endLesson'> = async (session, _req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.end(participantId);
};

export const admit: Handler<'admit'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.admit(participantId, req.participantIds, req.all);
};

export const deny: Handler<'deny'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.deny(participantId, req.participantId, req.reason);
};

export const updateSettings: Handler<'updateSettings'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  const { type: _type, ...change } = req;
  await hub.room.updateSettings(participantId, change);
};

export const forceMediaOff: Handler<'forceMediaOff'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.forceMediaOff(participantId, { participantId: req.participantId, all: req.all }, req.source);
};

export const removeParticipant: Handler<'removeParticipant'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.removeParticipant(participantId, req.participantId, req.reason);
};

export const setScreenSharePermission: Handler<'setScreenSharePermission'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.setScreenSharePermission(participantId, req.participantId, req.allowed);
};

/** The live attendance table: the same policy, audit and columns as GET /api/lessons/:id/attendance. */
export const getAttendance: Handler<'getAttendance'> = async (session, _req, deps) => {
  const { hub, participantId } = joined(session, deps);
  const userId = hub.room.participant(participantId)?.userId ?? '';
  return deps.attendance.report(hub.id, { userId, ip: session.remoteAddress || null });
};

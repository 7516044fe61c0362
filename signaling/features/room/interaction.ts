/** Chat and reactions (docs/protocol.md "Lesson features"). */
import { joined, type Handler } from '../context.js';

export const sendChat: Handler<'sendChat'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.sendChat(participantId, req.text);
};

export const sendReaction: Handler<'sendReaction'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.react(participantId, req.kind);
};

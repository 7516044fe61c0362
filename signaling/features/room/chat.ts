/** Chat (docs/protocol.md "Lesson features"): to everyone in the sender's room. */
import { joined, type Handler } from '../context.js';

export const sendChat: Handler<'sendChat'> = async (session, req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.room.sendChat(participantId, req.text);
};

/** The teacher hands out a material; the domain checks the teacher, the library checks the material. */
import { HANDOUT } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { HandoutRequest } from './codec.js';

export const handlers: HandlerTable<HandoutRequest> = {
  handOutMaterial: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(HANDOUT).handOut(participantId, req.materialId);
  },
};

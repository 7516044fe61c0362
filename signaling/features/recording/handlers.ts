/** Start and stop the recording; the domain refuses anyone but a teacher (FORBIDDEN). */
import { RECORDING } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { RecordingRequest } from './codec.js';

export const handlers: HandlerTable<RecordingRequest> = {
  startRecording: async (session, _req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(RECORDING).start(participantId);
  },
  stopRecording: async (session, _req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(RECORDING).stop(participantId);
  },
};

/** The request handlers of the live room and of every slice, assembled into the session's dispatch function. */
import type { Dispatch } from '../ws/ClientSession.js';
import { joined, type HandlerDeps, type HandlerTable } from './context.js';
import { sliceHandlers } from './index.js';
import { roomHandlers } from './room/index.js';

export type { AttendanceSource, AttendanceViewer, HandlerDeps } from './context.js';

/** One handler per request of the contract (the compiler checks that none is missing). */
const handlers: HandlerTable = { ...roomHandlers, ...sliceHandlers };

/**
 * An answer (Ack or response) is sent only once the attendance facts the request produced are
 * stored (issue 13.6; docs/protocol.md "Requests, responses, pushes"): group commit keeps the
 * wait to one shared commit. Only its own facts: a request that records nothing is answered at
 * once, however slow the writes of the requests around it.
 */
export function createDispatch(deps: HandlerDeps): Dispatch {
  return async (session, request) => {
    const handler = handlers[request.type] as (s: typeof session, r: typeof request, d: HandlerDeps) => ReturnType<Dispatch>;
    if (deps.negotiationLimits.applies(request.type)) {
      // Before any handler: the limits hold for every engine and every media slice (issue 13.6).
      const { hub, participantId } = joined(session, deps);
      const userId = hub.room.participant(participantId)?.userId ?? participantId;
      deps.negotiationLimits.check(request, userId, hub.id, deps.clock.now());
    }
    return deps.attendance.answerWhenStored(() => handler(session, request, deps));
  };
}

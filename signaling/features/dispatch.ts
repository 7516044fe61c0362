/** The request handlers of the live room and of every slice, assembled into the session's dispatch function. */
import type { Dispatch } from '../ws/ClientSession.js';
import type { HandlerDeps, HandlerTable } from './context.js';
import { sliceHandlers } from './index.js';
import { roomHandlers } from './room/index.js';

export type { AttendanceSource, AttendanceViewer, HandlerDeps } from './context.js';

/** One handler per request of the contract (the compiler checks that none is missing). */
const handlers: HandlerTable = { ...roomHandlers, ...sliceHandlers };

export function createDispatch(deps: HandlerDeps): Dispatch {
  return (session, request) => {
    const handler = handlers[request.type] as (s: typeof session, r: typeof request, d: HandlerDeps) => ReturnType<Dispatch>;
    return handler(session, request, deps);
  };
}

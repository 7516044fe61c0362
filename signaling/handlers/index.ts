/** The request handlers, one file per feature, assembled into the session's dispatch function. */
import type { Dispatch } from '../ws/ClientSession.js';
import * as breakout from './breakout.js';
import type { HandlerDeps, HandlerTable } from './context.js';
import * as interaction from './interaction.js';
import { join, leave } from './join.js';
import * as media from './media.js';
import * as supervision from './supervision.js';

export type { AttendanceSource, HandlerDeps } from './context.js';

const handlers: HandlerTable = { join, leave, ...media, ...interaction, ...supervision, ...breakout };

export function createDispatch(deps: HandlerDeps): Dispatch {
  return (session, request) => {
    const handler = handlers[request.type] as (s: typeof session, r: typeof request, d: HandlerDeps) => ReturnType<Dispatch>;
    return handler(session, request, deps);
  };
}

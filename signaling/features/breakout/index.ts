/** Breakout groups (R7): the signaling slice of classroom/breakout. */
export type { BreakoutEvent as Event } from '../../../classroom/index.js';
export { breakoutFeature as feature } from '../../../classroom/index.js';
export type { BreakoutBody as Body, BreakoutRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

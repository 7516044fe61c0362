/** Reactions (R2): the signaling slice of classroom/reactions. No snapshot part: reactions are not kept. */
export type { ReactionsEvent as Event } from '../../../classroom/index.js';
export { reactionsFeature as feature } from '../../../classroom/index.js';
export type { ReactionsBody as Body, ReactionsRequest as Request } from './codec.js';
export { decoders, encoders } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

/** Raised hands (R2): the signaling slice of classroom/hands. */
export type { HandsEvent as Event } from '../../../classroom/index.js';
export { handsFeature as feature } from '../../../classroom/index.js';
export type { HandsBody as Body, HandsRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

/** Raised hands (R2), a live feature of the live room (docs/live-features.md). */
import { FeatureKey, liveFeature } from '../liveRoom/index.js';
import { HandRaising } from './HandRaising.js';

export type * from './HandsTypes.js';
export { HandRaising } from './HandRaising.js';

/** `room.feature(HANDS)`: the raised hands of a room. */
export const HANDS = new FeatureKey<HandRaising>('hands');
export const handsFeature = liveFeature(HANDS, (ctx) => new HandRaising(ctx));

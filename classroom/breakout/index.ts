/** Breakout groups (R7), a live feature of the live room (docs/live-features.md). */
import { FeatureKey, liveFeature } from '../liveRoom/index.js';
import { BreakoutRounds } from './BreakoutRounds.js';

export type * from './BreakoutTypes.js';
export { BREAKOUT_LIMITS } from './Breakout.js';
export { BreakoutRounds } from './BreakoutRounds.js';

/** `room.feature(BREAKOUT)`: the breakout rounds of a room. */
export const BREAKOUT = new FeatureKey<BreakoutRounds>('breakout');
export const breakoutFeature = liveFeature(BREAKOUT, (ctx) => new BreakoutRounds(ctx));

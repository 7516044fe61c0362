/** Reactions (R2), a live feature of the live room (docs/live-features.md). */
import { FeatureKey, liveFeature } from '../liveRoom/index.js';
import { Reactions } from './Reactions.js';

export type * from './ReactionsTypes.js';
export { Reactions } from './Reactions.js';

/** `room.feature(REACTIONS)`: the reactions of a room. */
export const REACTIONS = new FeatureKey<Reactions>('reactions');
export const reactionsFeature = liveFeature(REACTIONS, (ctx) => new Reactions(ctx));

import type { classroom } from '../../../proto/index.js';
import * as hands from './hands.js';
import { merged } from './FeatureCodecTypes.js';

/**
 * Every live feature's codec on the client (conventions §18, docs/live-features.md): each
 * list names every feature once, and the central codec (codec.ts, codecRequests.ts,
 * codecLesson.ts) takes its tables from here. Adding a feature adds one entry to each list.
 */

export type * from './hands.js';

export type FeatureRequest = hands.HandsRequest;
export type FeaturePush = hands.HandsPush;
export type FeatureSnapshot = hands.HandsSnapshot;

export const featureRequests = merged('requests', hands.handsRequests);
export const featurePushes = merged('pushes', hands.handsPushes);
/** The features' fields of LessonSnapshot. */
export const featureSnapshot = (p: classroom.v1.LessonSnapshot.$Properties): FeatureSnapshot => ({ ...hands.handsSnapshot(p) });

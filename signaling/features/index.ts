/**
 * Every live feature slice of the signaling server (conventions §18, docs/live-features.md).
 * Each list names every slice once; the codec (decoders, encoders, snapshot), the dispatch
 * (handlers), the rooms' pushes and the rooms themselves (features) take their tables from
 * here. Adding a feature adds one entry to each list, nothing else in the central files.
 */
import * as hands from './hands/index.js';
import { merged } from './merged.js';

export type SliceRequest = hands.Request;
export type SliceBody = hands.Body;
export type SliceEvent = hands.Event;

export const sliceDecoders = merged('decoders', hands.decoders);
export const sliceEncoders = merged('encoders', hands.encoders);
export const sliceHandlers = merged('handlers', hands.handlers);
export const slicePushes = merged('pushes', hands.pushes);
export const sliceSnapshots = [hands.snapshot];
/** The live features every room of this server runs, in hook order. */
export const sliceFeatures = [hands.feature];

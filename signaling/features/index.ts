/**
 * Every live feature slice of the signaling server (conventions §18, docs/live-features.md).
 * Each list names every slice once; the codec (decoders, encoders, snapshot), the dispatch
 * (handlers), the rooms' pushes and the rooms themselves (features) take their tables from
 * here. Adding a feature adds one entry to each list, nothing else in the central files.
 */
import * as breakout from './breakout/index.js';
import * as hands from './hands/index.js';
import * as media from './media/index.js';
import * as liveQuiz from './liveQuiz/index.js';
import * as questions from './questions/index.js';
import * as handout from './handout/index.js';
import * as examWatch from './examWatch/index.js';
import type { LiveFeatureFactory, RecordingControl } from '../../classroom/index.js';
import type { Services } from '../services.js';
import { merged } from './merged.js';
import * as reactions from './reactions/index.js';
import * as recording from './recording/index.js';
import type { PushTable } from './SliceTypes.js';

export type SliceRequest = hands.Request | reactions.Request | breakout.Request | media.Request | liveQuiz.Request | recording.Request | questions.Request | handout.Request | examWatch.Request;
export type SliceBody = hands.Body | reactions.Body | breakout.Body | media.Body | liveQuiz.Body | recording.Body | questions.Body | handout.Body | examWatch.Body;
export type SliceEvent = hands.Event | reactions.Event | breakout.Event | liveQuiz.Event | recording.Event | questions.Event | handout.Event | examWatch.Event;

export const sliceDecoders = merged('decoders', hands.decoders, reactions.decoders, breakout.decoders, media.decoders, liveQuiz.decoders, recording.decoders, questions.decoders, handout.decoders, examWatch.decoders);
export const sliceEncoders = merged('encoders', hands.encoders, reactions.encoders, breakout.encoders, media.encoders, liveQuiz.encoders, recording.encoders, questions.encoders, handout.encoders, examWatch.encoders);
export const sliceHandlers = merged('handlers', hands.handlers, reactions.handlers, breakout.handlers, media.handlers, liveQuiz.handlers, recording.handlers, questions.handlers, handout.handlers, examWatch.handlers);
export const slicePushes = merged('pushes', hands.pushes, reactions.pushes, breakout.pushes, liveQuiz.pushes, recording.pushes, questions.pushes, handout.pushes, examWatch.pushes) satisfies PushTable<SliceEvent, SliceBody>;
export const sliceSnapshots = [hands.snapshot, breakout.snapshot, liveQuiz.snapshot, recording.snapshot, questions.snapshot, handout.snapshot, examWatch.snapshot];

/**
 * The live features every room of this server runs, in hook order. A feature that needs more
 * than the room (its store, another service) takes it from `services` here: made once, in
 * main.ts, for every room.
 */
export function liveFeatures(services: Services, recorder?: RecordingControl): LiveFeatureFactory[] {
  return [hands.feature, reactions.feature, breakout.feature, liveQuiz.feature(services), recording.feature(recorder, services), questions.feature(services), handout.feature(services), examWatch.feature(services)];
}

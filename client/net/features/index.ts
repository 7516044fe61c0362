import type { classroom } from '../../../proto/index.js';
import * as breakout from './breakout.js';
import * as hands from './hands.js';
import * as transport from './mediaTransport.js';
import * as liveQuiz from './liveQuiz.js';
import * as questions from './questions.js';
import * as handout from './handout.js';
import * as examWatch from './examWatch.js';
import { merged } from './FeatureCodecTypes.js';
import * as reactions from './reactions.js';
import * as recording from './recording.js';

/**
 * Every live feature's codec on the client (conventions §18, docs/live-features.md): each
 * list names every feature once, and the central codec (codec.ts, codecRequests.ts,
 * codecLesson.ts) takes its tables from here. Adding a feature adds one entry to each list.
 */

export type * from './breakout.js';
export type * from './hands.js';
export type * from './liveQuiz.js';
export type * from './reactions.js';
export type * from './recording.js';
export type * from './questions.js';
export type * from './handout.js';
export type * from './examWatch.js';
export type { FirstSoundOffer, RemoteConsumer, TransportPush, TransportRequest } from './mediaTransport.js';

/** The transport negotiation is not a live feature, but its tables are shaped like one. */
export type FeatureRequest = hands.HandsRequest | reactions.ReactionsRequest | breakout.BreakoutRequest | transport.TransportRequest | liveQuiz.LiveQuizRequest | recording.RecordingRequest | questions.QuestionsRequest | handout.HandoutRequest | examWatch.ExamWatchRequest;
export type FeaturePush = hands.HandsPush | reactions.ReactionsPush | breakout.BreakoutPush | transport.TransportPush | liveQuiz.LiveQuizPush | recording.RecordingPush | questions.QuestionsPush | handout.HandoutPush | examWatch.ExamWatchPush;
export type FeatureSnapshot = hands.HandsSnapshot & breakout.BreakoutSnapshot & liveQuiz.LiveQuizSnapshot & recording.RecordingSnapshot & questions.QuestionsSnapshot & handout.HandoutSnapshot & examWatch.ExamWatchSnapshot;

export const featureRequests = merged('requests', hands.handsRequests, reactions.reactionsRequests, breakout.breakoutRequests, transport.transportRequests, liveQuiz.liveQuizRequests, recording.recordingRequests, questions.questionsRequests, handout.handoutRequests, examWatch.examWatchRequests);
export const featurePushes = merged('pushes', hands.handsPushes, reactions.reactionsPushes, breakout.breakoutPushes, transport.transportPushes, liveQuiz.liveQuizPushes, recording.recordingPushes, questions.questionsPushes, handout.handoutPushes, examWatch.examWatchPushes);

/** The features' fields of LessonSnapshot. */
export const featureSnapshot = (p: classroom.v1.LessonSnapshot.$Properties): FeatureSnapshot => ({
  ...hands.handsSnapshot(p),
  ...breakout.breakoutSnapshot(p),
  ...liveQuiz.liveQuizSnapshot(p),
  ...recording.recordingSnapshot(p),
  ...questions.questionsSnapshot(p),
  ...handout.handoutSnapshot(p),
  ...examWatch.examWatchSnapshot(p),
});

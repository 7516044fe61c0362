import type { classroom } from '../../../proto/index.js';
import * as breakout from './breakout.js';
import * as hands from './hands.js';
import { transportMirror } from './mediaTransport.js';
import * as liveQuiz from './liveQuiz.js';
import * as questions from './questions.js';
import * as handout from './handout.js';
import * as examWatch from './examWatch.js';
import { merged } from './FeatureCodecTypes.js';
import type { FeatureSnapshot } from './index.js';
import * as reactions from './reactions.js';
import * as recording from './recording.js';

/**
 * The server's side of every live feature's codec, for tests and fake servers only (like
 * ../codecMirror.ts, which uses it; the app never imports either, so neither is in the bundle).
 */

export const featureRequestsFromProto = merged('requests', hands.handsMirror.requests, reactions.reactionsMirror.requests, breakout.breakoutMirror.requests, transportMirror.requests, liveQuiz.liveQuizMirror.requests, recording.recordingMirror.requests, questions.questionsMirror.requests, handout.handoutMirror.requests, examWatch.examWatchMirror.requests);
export const featurePushesToProto = merged('pushes', hands.handsMirror.pushes, reactions.reactionsMirror.pushes, breakout.breakoutMirror.pushes, transportMirror.pushes, liveQuiz.liveQuizMirror.pushes, recording.recordingMirror.pushes, questions.questionsMirror.pushes, handout.handoutMirror.pushes, examWatch.examWatchMirror.pushes);

export const featureSnapshotToProto = (s: FeatureSnapshot): classroom.v1.LessonSnapshot.$Properties => ({
  ...hands.handsMirror.snapshot(s),
  ...breakout.breakoutMirror.snapshot(s),
  ...liveQuiz.liveQuizMirror.snapshot(s),
  ...recording.recordingMirror.snapshot(s),
  ...questions.questionsMirror.snapshot(s),
  ...handout.handoutMirror.snapshot(s),
  ...examWatch.examWatchMirror.snapshot(s),
});

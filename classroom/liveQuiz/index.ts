/** The live quiz of a lesson (R2, R8, R11), a live feature of the live room (docs/live-features.md). */
import { FeatureKey, liveFeature, type LiveFeatureFactory } from '../liveRoom/index.js';
import { AnswerCommitter } from './AnswerCommitter.js';
import { LiveQuiz } from './LiveQuiz.js';
import type { LiveQuestionSourcePort, LiveQuizStore } from './LiveQuizTypes.js';

export type * from './LiveQuizTypes.js';
export { LIVE_QUIZ_LIMITS, WHOLE_LESSON } from './LiveQuizTypes.js';
export { LiveQuiz } from './LiveQuiz.js';
export { SqlLiveQuizStore } from './SqlLiveQuizStore.js';
export { pollQuestion, checkAnswer, outcomeOf } from './liveQuestion.js';

/** `room.feature(LIVE_QUIZ)`: the live quiz of a room. */
export const LIVE_QUIZ = new FeatureKey<LiveQuiz>('liveQuiz');

/** One per server: the answers of every room share one group committer. */
export function liveQuizFeature(store: LiveQuizStore, questions: LiveQuestionSourcePort): LiveFeatureFactory {
  const answers = new AnswerCommitter(store);
  return liveFeature(LIVE_QUIZ, (ctx) => new LiveQuiz(ctx, { store, answers, questions }));
}

/** The questions panel of a live lesson (R13), a live feature of the live room (docs/live-features.md). */
import { FeatureKey, liveFeature, type LiveFeatureFactory } from '../liveRoom/index.js';
import { LessonQuestions } from './LessonQuestions.js';
import type { LessonQuestionStore } from './QuestionsTypes.js';

export type * from './QuestionsTypes.js';
export { LESSON_QUESTION_LIMITS } from './QuestionsTypes.js';
export { LessonQuestions, maySeeQuestion } from './LessonQuestions.js';
export { SqlLessonQuestionStore } from './SqlLessonQuestionStore.js';

/** `room.feature(QUESTIONS)`: the questions panel of a room. */
export const QUESTIONS = new FeatureKey<LessonQuestions>('questions');

export function questionsFeature(store: LessonQuestionStore): LiveFeatureFactory {
  return liveFeature(QUESTIONS, (ctx) => new LessonQuestions(ctx, store));
}

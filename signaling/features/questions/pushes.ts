import type { QuestionsEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { QuestionsBody } from './codec.js';

/** QuestionUpdated: one question, to the audience the domain chose. */
export const pushes: PushTable<QuestionsEvent, QuestionsBody> = {
  questionChanged: (e) => ({ type: 'questionUpdated', question: e.question }),
};

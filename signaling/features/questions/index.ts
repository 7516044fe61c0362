/** The questions panel of the live lesson (R13): the signaling slice of classroom/questions. */
import { questionsFeature, type LiveFeatureFactory } from '../../../classroom/index.js';
import type { Services } from '../../services.js';

export type { QuestionsEvent as Event } from '../../../classroom/index.js';
export type { QuestionsBody as Body, QuestionsRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

/** Made once per server: the store keeps each lesson's questions. */
export function feature(services: Services): LiveFeatureFactory {
  return questionsFeature(services.storage.lessonQuestions);
}

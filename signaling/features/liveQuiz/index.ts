/** The live quiz (R2, R8, R11): the signaling slice of classroom/liveQuiz. */
import { liveQuizFeature, type LiveFeatureFactory } from '../../../classroom/index.js';
import type { Services } from '../../services.js';
import { bankQuestionSource } from './questionSource.js';

export type { LiveQuizEvent as Event } from '../../../classroom/index.js';
export type { LiveQuizBody as Body, LiveQuizRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

/** Made once per server: its store and the question bank come from the services. */
export function feature(services: Services): LiveFeatureFactory {
  return liveQuizFeature(services.storage.liveQuiz, bankQuestionSource(services));
}

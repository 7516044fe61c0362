/** Exams run inside the live lesson (issue 7): the signaling slice of classroom/examWatch. */
import { examWatchFeature, type LiveFeatureFactory } from '../../../classroom/index.js';
import type { HandlerTable } from '../context.js';
import type { Services } from '../../services.js';
import type { ExamWatchRequest } from './codec.js';

export type { ExamWatchEvent as Event } from '../../../classroom/index.js';
export type { ExamWatchBody as Body, ExamWatchRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { pushes } from './pushes.js';

/** No request: students take the exam over HTTP; the room only shows it. */
export const handlers: HandlerTable<ExamWatchRequest> = {};

/** Made once per server: the exams and their activity come from the services. */
export function feature(services: Services): LiveFeatureFactory {
  return examWatchFeature({
    boundTo: (lessonId) => services.examLive.boundTo(lessonId),
    rows: (examId, studentId) => services.examLive.rows(examId, studentId),
    subscribe: (lessonId, listener) => services.examCore.activity.subscribe(lessonId, listener),
  });
}

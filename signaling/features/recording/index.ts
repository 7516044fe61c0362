/** Server-side recording (R5, R21): the signaling slice of classroom/recording. */
import { recordingFeature, type LiveFeatureFactory, type RecordingControl } from '../../../classroom/index.js';
import { UnavailableError } from '../../../platform/index.js';
import type { Services } from '../../services.js';

export type { RecordingEvent as Event } from '../../../classroom/index.js';
export type { RecordingBody as Body, RecordingRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';
export { Recordings, type RecordingsOptions } from './Recordings.js';
export { recordableRoom } from './recordableRoom.js';

/** A server without a recorder (tests, a node configured without one) says so to the teacher. */
const NO_RECORDER: RecordingControl = {
  start: () => Promise.reject(new UnavailableError('Recording is not available on this server')),
  stop: () => Promise.resolve(),
};

/** Made once per server: every room asks the same recorder, and the school's "record every lesson" setting (R17). */
export function feature(control: RecordingControl | undefined, services: Pick<Services, 'storage' | 'archive'>): LiveFeatureFactory {
  return recordingFeature(control ?? NO_RECORDER, async (lessonId) => {
    const lesson = await services.storage.lessons.get(lessonId);
    return lesson ? services.archive.autoRecord(lesson.schoolId) : false;
  }, (message) => services.storage.recordedChat.add(message));
}
export { MediaJobs, type MediaJobsOptions } from './MediaJobs.js';

import type { RecordingEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { RecordingBody } from './codec.js';

/** RecordingUpdated: to everyone, whenever recording starts or stops. */
export const pushes: PushTable<RecordingEvent, RecordingBody> = {
  recordingUpdated: (e) => ({ type: 'recording', status: e.status }),
};

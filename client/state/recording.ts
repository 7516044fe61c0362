import { signal } from '@preact/signals';
import type { RecordingStatus } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';
import { act } from './requests.js';

/**
 * The lesson's recording (R5, R21): everyone sees whether it records (RecordingUpdated, and the
 * snapshot on entering); the teacher starts and stops it, and is told when it stopped by itself.
 */
const NOT_RECORDING: RecordingStatus = { recording: false, startedAtMs: 0, failure: null };

export const recordingStatus = signal<RecordingStatus>(NOT_RECORDING);
/** A start or stop is in flight (the button waits for the server). */
export const recordingBusy = signal(false);

async function busy(request: { type: 'startRecording' } | { type: 'stopRecording' }): Promise<boolean> {
  if (recordingBusy.value) return false;
  recordingBusy.value = true;
  try {
    return await act(request);
  } finally {
    recordingBusy.value = false;
  }
}

/** Teacher: starts recording, or stops it. */
export function toggleRecording(): Promise<boolean> {
  return busy(recordingStatus.value.recording ? { type: 'stopRecording' } : { type: 'startRecording' });
}

export const recordingPart: LessonPart = {
  name: 'recording',
  pushes: { recording: (p) => (recordingStatus.value = p.status) },
  enter: (snapshot) => (recordingStatus.value = snapshot.recording),
  reset: () => {
    recordingStatus.value = NOT_RECORDING;
    recordingBusy.value = false;
  },
};

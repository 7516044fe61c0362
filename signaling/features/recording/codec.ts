/** The recording on the wire (proto/classroom/v1/recording.proto), both ways. */
import { RECORDING, type RecordingFailure, type RecordingStatus } from '../../../classroom/index.js';
import { classroom } from '../../../proto/index.js';
import type { DecoderTable, EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

export type RecordingRequest = { type: 'startRecording' } | { type: 'stopRecording' };
export type RecordingBody = { type: 'recording'; status: RecordingStatus };

const F = classroom.v1.RecordingFailure;

function failureToProto(f: RecordingFailure | null): classroom.v1.RecordingFailure {
  switch (f) {
    case null:
      return F.RECORDING_FAILURE_UNSPECIFIED;
    case 'recorder_died':
      return F.RECORDING_FAILURE_RECORDER_DIED;
    case 'disk_full':
      return F.RECORDING_FAILURE_DISK_FULL;
  }
}

export const statusToProto = (s: RecordingStatus): classroom.v1.RecordingStatus.$Properties => ({
  recording: s.recording,
  startedAtMs: s.startedAtMs,
  failure: failureToProto(s.failure),
});

export const decoders: DecoderTable<RecordingRequest> = {
  startRecording: () => ({ type: 'startRecording' }),
  stopRecording: () => ({ type: 'stopRecording' }),
};

export const encoders: EncoderTable<RecordingBody> = {
  recording: (b) => ({ recording: { status: statusToProto(b.status) } }),
};

/** LessonSnapshot.recording: whether the lesson records when the participant enters. */
export const snapshot: SnapshotPart = (s) => {
  const status = RECORDING.snapshotIn(s);
  return status ? { recording: statusToProto(status) } : {};
};

import { num } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';
import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/** The lesson's recording (R5, R21) on the wire (proto/classroom/v1/recording.proto), both ways. */

export type RecordingFailure = 'recorder_died' | 'disk_full';

export interface RecordingStatus {
  recording: boolean;
  startedAtMs: number;
  /** Why the last recording stopped by itself; null when it did not. */
  failure: RecordingFailure | null;
}

export type RecordingRequest = { type: 'startRecording' } | { type: 'stopRecording' };

export type RecordingPush = { type: 'recording'; status: RecordingStatus };

export interface RecordingSnapshot {
  recording: RecordingStatus;
}

export const NOT_RECORDING: RecordingStatus = { recording: false, startedAtMs: 0, failure: null };

const F = pb.RecordingFailure;

function failureFromProto(f: pb.RecordingFailure | null | undefined): RecordingFailure | null {
  if (f === F.RECORDING_FAILURE_RECORDER_DIED) return 'recorder_died';
  if (f === F.RECORDING_FAILURE_DISK_FULL) return 'disk_full';
  return null;
}

function failureToProto(f: RecordingFailure | null): pb.RecordingFailure {
  if (f === 'recorder_died') return F.RECORDING_FAILURE_RECORDER_DIED;
  if (f === 'disk_full') return F.RECORDING_FAILURE_DISK_FULL;
  return F.RECORDING_FAILURE_UNSPECIFIED;
}

function statusFromProto(p: pb.RecordingStatus.$Properties | null | undefined): RecordingStatus {
  if (!p) return NOT_RECORDING;
  return { recording: p.recording === true, startedAtMs: num(p.startedAtMs), failure: failureFromProto(p.failure) };
}

const statusToProto = (s: RecordingStatus): pb.RecordingStatus.$Properties => ({ recording: s.recording, startedAtMs: s.startedAtMs, failure: failureToProto(s.failure) });

export const recordingRequests: RequestEncoders<RecordingRequest> = {
  startRecording: () => ({ startRecording: {} }),
  stopRecording: () => ({ stopRecording: {} }),
};

export const recordingPushes: PushDecoders<RecordingPush> = {
  recording: (m) => ({ type: 'recording', status: statusFromProto(m.recording?.status) }),
};

export const recordingSnapshot: SnapshotDecoder<RecordingSnapshot> = (p) => ({ recording: statusFromProto(p.recording) });

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const recordingMirror = {
  requests: {
    startRecording: () => ({ type: 'startRecording' }),
    stopRecording: () => ({ type: 'stopRecording' }),
  } satisfies RequestDecoders<RecordingRequest>,
  pushes: {
    recording: (p) => ({ recording: { status: statusToProto(p.status) } }),
  } satisfies PushEncoders<RecordingPush>,
  snapshot: ((s) => ({ recording: statusToProto(s.recording) })) satisfies SnapshotEncoder<RecordingSnapshot>,
};

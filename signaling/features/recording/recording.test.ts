import { describe, expect, it } from 'vitest';
import { classroom } from '../../../proto/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage, snapshotToProto } from '../../codec/encodeServer.js';
import { snapshotWith } from '../__fixtures__/snapshot.js';
import { pushes } from './index.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

describe('recording slice', () => {
  it('decodes start and stop', () => {
    expect(decodeClientMessage(frame({ requestId: 1, startRecording: {} })).request).toEqual({ type: 'startRecording' });
    expect(decodeClientMessage(frame({ requestId: 2, stopRecording: {} })).request).toEqual({ type: 'stopRecording' });
  });

  it('pushes RecordingUpdated with the failure reason, and puts the status in the snapshot', () => {
    const status = { recording: false, startedAtMs: 0, failure: 'disk_full' as const };
    const m = v1.ServerMessage.decode(encodeServerMessage(0, pushes.recordingUpdated({ type: 'recordingUpdated', status })));
    expect(m.recording?.status?.failure).toBe(v1.RecordingFailure.RECORDING_FAILURE_DISK_FULL);
    const on = { recording: true, startedAtMs: 1_700_000_000_000, failure: null };
    expect(snapshotToProto(snapshotWith({ recording: on })).recording).toEqual({ recording: true, startedAtMs: 1_700_000_000_000, failure: v1.RecordingFailure.RECORDING_FAILURE_UNSPECIFIED });
    // A room without the feature says nothing (the client reads "not recording").
    expect(snapshotToProto(snapshotWith({})).recording).toBeUndefined();
  });
});

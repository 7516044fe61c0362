/** Server-side recording of lessons (R5, T3, R17, R21): a live feature of the live room, and its store. */
import { FeatureKey, liveFeature, type LiveFeatureFactory } from '../liveRoom/index.js';
import { LiveRecording, type AutoRecordSetting, type ChatKeeper } from './LiveRecording.js';
import type { RecordingControl } from './RecordingTypes.js';

export type * from './RecordingTypes.js';
export { LiveRecording, type AutoRecordSetting, type ChatKeeper } from './LiveRecording.js';
export { SqlRecordingStore } from './SqlRecordingStore.js';
export { RecordingLibrary, mayWatch, type RecordingView } from './RecordingLibrary.js';

/** `room.feature(RECORDING)`: the recording of a room. */
export const RECORDING = new FeatureKey<LiveRecording>('recording');

/** One per server: every room asks the same recorder, reads the same school setting and keeps chat in the same store. */
export function recordingFeature(control: RecordingControl, autoRecord?: AutoRecordSetting, keepChat?: ChatKeeper): LiveFeatureFactory {
  return liveFeature(RECORDING, (ctx) => new LiveRecording(ctx, control, autoRecord, keepChat));
}

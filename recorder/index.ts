/** recorder: server-side recording sessions (RecorderTypes.ts), ffmpeg per recorded stream, and the post-processing. */
export type * from './RecorderTypes.js';
export { LessonRecording, freeBytes } from './LessonRecording.js';
export { compose, composeArgs, planComposition, type Chapter, type ComposeOptions, type ComposeSegment, type CompositionPlan } from './compose.js';
export { probeFile, probeSegment, segmentPackets, type ProbedSegment } from './probe.js';
export { audioRuns, type AudioPacket, type AudioRun } from './audioTimeline.js';

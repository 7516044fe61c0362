import type { viRecording } from './viRecording.js';

/** English for viRecording.ts; typed against its keys. */
export const enRecording: Record<keyof typeof viRecording, string> = {
  'recording.start': 'Record',
  'recording.stop': 'Stop recording',
  'recording.indicator': 'Recording',
  'recording.notice': "This lesson is being recorded for the school's teaching records.",
  'recording.failed.recorder_died': 'Recording stopped: the recorder failed. The lesson goes on; what was recorded is kept.',
  'recording.failed.disk_full': 'Recording stopped: the server is out of disk space. The lesson goes on; what was recorded is kept.',
  'recording.pageTitle': "The lesson's recordings",
  'recording.none': 'No recordings yet.',
  'recording.play': 'Watch',
  'recording.download': 'Download (MP4)',
  'recording.publish': 'Students of the class may watch',
  'recording.hold': 'Keep (not deleted when the retention period ends)',
  'recording.retry': 'Process again',
  'recording.stoppedBy': 'Recording stopped: {reason}',
  'recording.reason.recorder_died': 'the recorder failed; what was recorded is kept',
  'recording.reason.disk_full': 'the server ran out of disk space; what was recorded is kept',
  'recording.reason.interrupted': 'the server stopped unexpectedly; what was recorded until then is kept',
  'recording.jobEmpty': 'Nothing was recorded (no camera, microphone or screen share was on while recording).',
  'recording.jobQueued': 'Waiting to make the video…',
  'recording.jobFailed': 'Making the video failed: {error}',
  'recording.timeLeft': 'about {time} left',
};

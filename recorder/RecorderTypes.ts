/**
 * Server-side recording (R5, T3, R17): the recorder is just another, receive-only participant of
 * a media room (conventions §10). Only the interface exists so far; the implementation comes
 * with the recording issue.
 */

export interface RecordingOptions {
  /** Folder the files of this recording are written to. */
  directory: string;
  /** Which streams to record, by label ("microphone", "camera", "screen"); default all. */
  labels?: string[];
}

export interface RecordedFile {
  path: string;
  kind: 'audio' | 'video' | 'muxed';
  /** The peer whose stream this is. */
  peerId: string;
  durationMs: number;
  bytes: number;
}

export interface RecordingResult {
  roomId: string;
  startedAtMs: number;
  stoppedAtMs: number;
  files: RecordedFile[];
}

export interface RecordingSession {
  readonly id: string;
  readonly roomId: string;
  readonly closed: boolean;
  /** Stops recording and finalizes the files (safe twice: the second call returns the same result). */
  stop(): Promise<RecordingResult>;
}

export interface Recorder {
  /** Starts recording a media room; rejects when the room does not exist. */
  start(roomId: string, options: RecordingOptions): Promise<RecordingSession>;
}

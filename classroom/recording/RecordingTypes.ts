/**
 * Server-side recording of lessons (R5, T3, R17, R21): the live state of one lesson's recording
 * (LiveRecording), what is kept of each recording (RecordingStore), and the port through which
 * the domain asks the recorder (RecordingControl; signaling implements it over the media engine
 * and recorder/, which the domain never sees).
 */

/** Why a recording stopped by itself (the lesson goes on either way). */
export type RecordingFailure = 'recorder_died' | 'disk_full';

/** What everyone in a lesson knows about its recording. */
export interface RecordingStatus {
  recording: boolean;
  /** When the current recording started; 0 when not recording. */
  startedAtMs: number;
  /** Why the last recording stopped by itself; null when it did not. */
  failure: RecordingFailure | null;
}

export type RecordingEvent = { type: 'recordingUpdated'; status: RecordingStatus };

/** The recorder as the domain sees it. */
export interface RecordingControl {
  /**
   * Starts recording the lesson's main room: the teachers' cameras, every microphone (a muted one
   * sends nothing) and any screen share. `onFailed` is called at most once, when the recording
   * stops by itself. Rejects with an error the teacher may see (e.g. not enough disk).
   */
  start(request: {
    lessonId: string;
    startedBy: string;
    isTeacher(participantId: string): boolean;
    onFailed(reason: RecordingFailure): void;
  }): Promise<{ recordingId: string; startedAtMs: number }>;
  /** Stops it; its files are finished and queued for post-processing. Safe twice. */
  stop(recordingId: string): Promise<void>;
}

export type RecordingState = 'recording' | 'stopped' | 'failed';

export interface StoredRecording {
  id: string;
  lessonId: string;
  startedBy: string;
  state: RecordingState;
  /** Why it failed ('recorder_died', 'disk_full', 'interrupted' for a server crash); null otherwise. */
  failure: string | null;
  /** Folder of its segments (under the recordings folder). */
  directory: string;
  startedAt: number;
  stoppedAt: number | null;
  /** Students of the class may watch it (the teacher published it). */
  published: boolean;
  /** Retention keeps it whatever its age. */
  hold: boolean;
  /** The post-processed MP4 in the blob store, once made. */
  videoBlob: string | null;
  durationMs: number | null;
}

export interface StoredSegment {
  recordingId: string;
  id: string;
  peerId: string;
  label: string;
  kind: 'audio' | 'video';
  file: string;
  startedAt: number;
  endedAt: number | null;
  bytes: number | null;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A post-processing job (segments → one MP4), persistent so that a restart resumes it. */
export interface MediaJob {
  id: string;
  recordingId: string;
  state: JobState;
  attempts: number;
  /** 0..1 */
  progress: number;
  /** Estimated time left while running; null otherwise. */
  etaMs: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface RecordingStore {
  createRecording(r: StoredRecording): Promise<void>;
  recording(id: string): Promise<StoredRecording | undefined>;
  recordingsOfLesson(lessonId: string): Promise<StoredRecording[]>;
  /** Recordings still marked 'recording' (after a crash: to be closed as interrupted). */
  openRecordings(): Promise<StoredRecording[]>;
  /** Ends a recording ('stopped' or 'failed'); a recording already ended is left as it is. */
  finishRecording(id: string, state: 'stopped' | 'failed', failure: string | null, stoppedAt: number): Promise<void>;
  setPublished(id: string, published: boolean): Promise<void>;
  /** A held recording is kept by retention whatever its age (R17). */
  setHold(id: string, hold: boolean): Promise<void>;
  setVideo(id: string, blobKey: string, durationMs: number): Promise<void>;
  saveSegment(s: StoredSegment): Promise<void>;
  /** Sets the end of a segment (bytes on disk then). */
  endSegment(recordingId: string, segmentId: string, endedAt: number, bytes: number): Promise<void>;
  segments(recordingId: string): Promise<StoredSegment[]>;

  enqueueJob(job: MediaJob): Promise<void>;
  job(id: string): Promise<MediaJob | undefined>;
  jobsOfRecording(recordingId: string): Promise<MediaJob[]>;
  /** Takes the oldest queued job (state → running, attempts + 1), atomically; undefined when none. */
  claimJob(now: number): Promise<MediaJob | undefined>;
  updateJob(id: string, change: Partial<Pick<MediaJob, 'state' | 'progress' | 'etaMs' | 'error'>>, now: number): Promise<void>;
  /** Jobs left 'running' by a process that stopped: back to 'queued' (run at start). */
  requeueRunning(now: number): Promise<number>;

  /** A viewing of a recording (R12). */
  recordView(recordingId: string, userId: string, at: number): Promise<void>;
  views(recordingId: string): Promise<Array<{ userId: string; at: number }>>;
}

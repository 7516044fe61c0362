/**
 * Server-side recording (R5, T3, R17): the recorder is just another, receive-only participant of
 * a media room (conventions §10). It never imports the sfu: the caller (signaling) adapts a media
 * room to `RecordableRoom` (its streams, a way to tap one to a UDP port, a change signal).
 *
 * One recording = one `LessonRecording`: per recorded stream, one recorder process (ffmpeg) reads
 * the tap's plain RTP and writes a Matroska *segment* without transcoding. A stream that stops
 * (unpublished, media worker restarted) ends its segment; when it comes back a new segment starts.
 * Every segment carries absolute wall-clock timestamps (ffmpeg's receive time of each packet), so
 * the post-processing lines segments up on one timeline without any other bookkeeping.
 */
import type { TypedEmitter } from '../platform/index.js';

export type RecordedKind = 'audio' | 'video';

/** A published stream of the room, as the recorder sees it. */
export interface RecordableStream {
  peerId: string;
  /** "microphone", "camera", "screen". */
  label: string;
  kind: RecordedKind;
}

/** What a tap sends: enough to write the SDP of the recorder process. */
export interface TapDescription {
  kind: RecordedKind;
  codec: { mimeType: string; payloadType: number; clockRate: number; channels?: number; parameters: Record<string, string | number> };
}

export interface RecordableTap extends TapDescription {
  /** Begins sending (taps are made paused); call once the recorder listens. */
  start(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  close(): void;
  /** Called once when the tap stops by itself (the stream was unpublished, the room reset or closed). */
  onEnded(listener: (reason: string) => void): void;
}

export interface RecordableRoom {
  /** The streams published right now. */
  streams(): RecordableStream[];
  /** Sends a copy of `stream` as RTP to 127.0.0.1:`port` (where the recorder already listens). */
  tap(stream: RecordableStream, port: number): Promise<RecordableTap>;
  /** `listener` runs whenever the published streams may have changed; returns the unsubscribe. */
  onStreamsChanged(listener: () => void): () => void;
}

/** One file of one stream: from the moment a stream is tapped until it stops. */
export interface RecordedSegment {
  /** Unique within the recording; also the file's base name. */
  id: string;
  peerId: string;
  label: string;
  kind: RecordedKind;
  /** File name inside the recording's directory. */
  file: string;
  /** Wall clock when the segment started (ms since the epoch). */
  startedAt: number;
  /** Wall clock when it ended; undefined while it is being written. */
  endedAt?: number;
  /** Size on disk when it ended. */
  bytes?: number;
}

/** Why a recording stopped without being asked to. */
export type RecordingFailure = 'recorder_died' | 'disk_full';

export interface LessonRecordingEvents {
  [event: string]: unknown[];
  segmentStarted: [segment: RecordedSegment];
  segmentEnded: [segment: RecordedSegment];
  /**
   * The recording stopped by itself (a recorder process died, or free disk fell under the
   * limit). Every segment written so far is ended and playable; nothing more is recorded.
   */
  failed: [reason: RecordingFailure, detail: string];
}

export interface LessonRecordingOptions {
  /** Unique id of the recording (names the directory's files in logs). */
  id: string;
  /** Folder the segments are written to; created if missing. */
  directory: string;
  room: RecordableRoom;
  /** Which of the room's streams to record (e.g. the teacher's camera, every microphone, any screen). */
  select(stream: RecordableStream): boolean;
  /** The ffmpeg binary. Default "ffmpeg" (Debian's, on PATH). */
  ffmpegPath?: string;
  /** Stop with 'disk_full' when the directory's file system has less free space. Default 200 MiB. */
  minFreeBytes?: number;
  /** How often free space is checked. Default 2000 ms. */
  diskCheckMs?: number;
}

export interface LessonRecordingApi extends TypedEmitter<LessonRecordingEvents> {
  readonly id: string;
  readonly closed: boolean;
  /** Every segment so far, in start order. */
  segments(): RecordedSegment[];
  /** Stops every recorder process (each finishes its file) and resolves with all segments. Safe twice. */
  stop(): Promise<RecordedSegment[]>;
}

/**
 * Playback of a recorded lesson (issue 9, R5, R12): the lesson's events on the video's timeline,
 * and the chat messages kept with a recording.
 */

/** A chat message of the main room sent while the lesson was recorded, kept with that recording. */
export interface RecordedChatMessage {
  recordingId: string;
  userId: string;
  /** The name everyone saw beside the message. */
  displayName: string;
  text: string;
  sentAt: number;
}

/**
 * The chat kept with recordings: the same access, retention and hold as the recording's video
 * (retention deletes it with the recording's rows), deleted by a student's erasure (R21).
 */
export interface RecordedChatStore {
  add(message: RecordedChatMessage): Promise<void>;
  /** Oldest first. */
  ofRecording(recordingId: string): Promise<RecordedChatMessage[]>;
  /** Every message a user sent while a lesson was recorded (their data export, R21). */
  ofUser(userId: string): Promise<RecordedChatMessage[]>;
}

export type TimelineKind = 'join' | 'leave' | 'hand' | 'share_start' | 'share_end' | 'quiz_open' | 'quiz_close' | 'quiz_reveal' | 'chat';

/** One moment of the lesson, placed on the video. */
export interface TimelineItem {
  /** Where it is in the video, ms from its start. */
  offsetMs: number;
  /** When it happened (ms since the epoch). */
  at: number;
  kind: TimelineKind;
  /** Who did it (a display name); null for a quiz moment. */
  who: string | null;
  /** The chat message, or the quiz question's text; null otherwise. */
  text: string | null;
}

export interface Timeline {
  recordingId: string;
  lessonId: string;
  lessonTitle: string;
  startedAt: number;
  durationMs: number;
  items: TimelineItem[];
}

/**
 * HTTP shape of a recording's playback timeline (issue 9): the lesson's events while it was
 * recorded, each placed on the video, and the chat kept with the recording.
 */
import * as z from 'zod/mini';

export const timelineKind = z.enum(['join', 'leave', 'hand', 'share_start', 'share_end', 'quiz_open', 'quiz_close', 'quiz_reveal', 'chat']);
export type TimelineKindJson = z.infer<typeof timelineKind>;

export const timelineItem = z.object({
  /** Where it is in the video, ms from its start: the player seeks there. */
  offsetMs: z.number(),
  /** When it happened, ms since the epoch. */
  at: z.number(),
  kind: timelineKind,
  /** Who did it; null for a quiz moment. */
  who: z.nullable(z.string()),
  /** The chat message, or the quiz question's words; null otherwise. */
  text: z.nullable(z.string()),
});
export type TimelineItemJson = z.infer<typeof timelineItem>;

/** GET /api/recordings/:id/timeline: 404 for anyone who may not watch the recording. */
export const timeline = z.object({
  recordingId: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  /** The wall-clock moment of the video's first frame. */
  startedAt: z.number(),
  durationMs: z.number(),
  /** Oldest first. */
  items: z.array(timelineItem),
});
export type TimelineJson = z.infer<typeof timeline>;

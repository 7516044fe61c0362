/**
 * HTTP shapes of lesson recordings (issue 9): the list of a lesson's recordings with their
 * post-processing progress, publishing, retrying a failed job, and the signed, expiring media URL.
 */
import * as z from 'zod/mini';

const jobState = z.enum(['queued', 'running', 'done', 'failed']);

export const recordingView = z.object({
  id: z.string(),
  lessonId: z.string(),
  state: z.enum(['recording', 'stopped', 'failed']),
  failure: z.nullable(z.string()),
  startedAt: z.number(),
  stoppedAt: z.nullable(z.number()),
  durationMs: z.nullable(z.number()),
  published: z.boolean(),
  /** Kept by retention whatever its age (R17); false for students. */
  hold: z.boolean(),
  ready: z.boolean(),
  /** The latest post-processing job: for the teacher and the admin only. */
  job: z.nullable(
    z.object({
      id: z.string(),
      state: jobState,
      /** 0..1 */
      progress: z.number(),
      etaMs: z.nullable(z.number()),
      error: z.nullable(z.string()),
      attempts: z.number(),
    }),
  ),
});
export type RecordingView = z.infer<typeof recordingView>;

/** GET /api/lessons/:lessonId/recordings */
export const recordingList = z.object({ canManage: z.boolean(), canHold: z.boolean(), recordings: z.array(recordingView) });
export type RecordingListJson = z.infer<typeof recordingList>;
export type MediaUrlJson = { url: string; downloadUrl: string; expiresAt: number };

/** POST /api/recordings/:id/publish */
export const publishBody = z.strictObject({ published: z.boolean() });

/** GET /api/recordings/:id/media: a URL of the video valid for a few hours (the page plays and downloads it). */
export const mediaUrl = z.object({ url: z.string(), downloadUrl: z.string(), expiresAt: z.number() });

/**
 * GET /api/lessons/:lessonId/recording-status: is the lesson being recorded now, and does the
 * school record every lesson (it will be, from the teacher's first media): told on the join page (R21).
 */
export const recordingStatus = z.object({ recording: z.boolean(), autoRecord: z.boolean() });
export type RecordingStatusJson = z.infer<typeof recordingStatus>;

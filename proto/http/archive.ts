/**
 * HTTP shapes of the archive of teaching records (issue 9, R17): bundles of a class and period
 * built in the background, the school's archive settings (retention, automatic recording), the
 * retention dry run and its confirmation, and retention holds.
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const epochMs = z.number().check(z.int(), z.minimum(0), z.maximum(8_640_000_000_000));
/** 30 years: classroom/archive MAX_RETENTION_DAYS. */
const days = z.number().check(z.int(), z.minimum(0), z.maximum(30 * 366));

/** POST /api/archive/bundles: lessons of the class that start in [from, to). */
export const bundleRequest = z.strictObject({ classId: id, from: epochMs, to: epochMs, label: z.string().check(z.maxLength(120)) });
export type BundleRequestJson = z.infer<typeof bundleRequest>;

export const bundleView = z.object({
  id: z.string(),
  classId: z.string(),
  className: z.string(),
  from: z.number(),
  to: z.number(),
  label: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  /** 0..1, by bytes */
  progress: z.number(),
  /** Bytes zipped so far of the bundle's known total (while running; the totals once done). */
  doneBytes: z.number(),
  totalBytes: z.number(),
  /** Time left while running, once a rate is known; null otherwise. */
  etaMs: z.nullable(z.number()),
  error: z.nullable(z.string()),
  bytes: z.nullable(z.number()),
  createdAt: z.number(),
});
export type BundleViewJson = z.infer<typeof bundleView>;

/** GET /api/archive/bundles: the school's bundles, newest first, and its classes (the form's choices: the principal has no admin page). */
export const bundleList = z.object({ bundles: z.array(bundleView), classes: z.array(z.object({ id: z.string(), name: z.string() })) });
export type BundleListJson = z.infer<typeof bundleList>;

/** GET and PUT /api/archive/settings. Days 0 = kept for ever. */
export const archiveSettings = z.strictObject({ recordingRetentionDays: days, lessonDataRetentionDays: days, autoRecord: z.boolean() });
export type ArchiveSettingsJson = z.infer<typeof archiveSettings>;

/** GET /api/archive/retention: the dry run (nothing is deleted). */
export const retentionPlan = z.object({
  recordingsBefore: z.nullable(z.number()),
  lessonDataBefore: z.nullable(z.number()),
  recordings: z.array(z.object({ id: z.string(), lessonId: z.string(), startedAt: z.number(), hasVideo: z.boolean() })),
  lessons: z.array(z.object({ lessonId: z.string(), classId: z.string(), title: z.string(), scheduledStart: z.number(), scheduledEnd: z.number() })),
});
export type RetentionPlanJson = z.infer<typeof retentionPlan>;

/** POST /api/archive/retention: deletes the items of the dry run the admin confirmed (still expired, not held). */
export const retentionConfirm = z.strictObject({
  recordingIds: z.array(id).check(z.maxLength(100_000)),
  lessonIds: z.array(id).check(z.maxLength(100_000)),
});
export const retentionDone = z.object({ recordings: z.number(), lessons: z.number() });
export type RetentionDoneJson = z.infer<typeof retentionDone>;

/** PUT /api/archive/holds/lessons/:lessonId and /api/archive/holds/recordings/:id */
export const holdBody = z.strictObject({ hold: z.boolean() });

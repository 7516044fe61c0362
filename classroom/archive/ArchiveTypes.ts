/**
 * The archive of teaching records (issue 9, R17; Circular 09/2021 art. 8, 9.1): export bundles
 * per class and period built in the background, the school's retention of recordings and lesson
 * data (with holds), and the school's choice to record every lesson automatically.
 */
import type { StoredRecording } from '../recording/index.js';

/** What a school decides about its archive. Days 0 = kept for ever (the default: nothing is deleted until the school says so). */
export interface ArchiveSettings {
  schoolId: string;
  /** A recording is deleted this many days after it started (files and rows). */
  recordingRetentionDays: number;
  /** A lesson's activity data (attendance events, live quiz answers, questions) is deleted this many days after its end. */
  lessonDataRetentionDays: number;
  /** Every lesson is recorded from the moment the teacher's media is first published. */
  autoRecord: boolean;
  updatedBy: string;
  updatedAt: number;
}

/** Longest retention a school may set: 30 years (art. 9.1 leaves the period to the school). */
export const MAX_RETENTION_DAYS = 30 * 366;

export type ArchiveJobState = 'queued' | 'running' | 'done' | 'failed';

/** One export bundle of a class and period, built by ArchiveJobs; persistent, so a restart resumes it. */
export interface ArchiveJob {
  id: string;
  schoolId: string;
  classId: string;
  /** Lessons that start in [from, to), ms since the epoch. */
  from: number;
  to: number;
  /** What the admin called it (e.g. "Học kì I 2026–2027"); '' when nothing. */
  label: string;
  requestedBy: string;
  state: ArchiveJobState;
  attempts: number;
  /** 0..1: bytes zipped over the bundle's bytes while running. */
  progress: number;
  /** Bytes zipped so far, and the bundle's known total (recordings by their size, the small CSVs as they are made). */
  doneBytes: number;
  totalBytes: number;
  /** Estimated time left while running (from the bytes per second so far); null otherwise. */
  etaMs: number | null;
  error: string | null;
  /** The zip in the blob store, once built. */
  blobKey: string | null;
  bytes: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A lesson whose activity data retention would delete. */
export interface ExpiredLessonData {
  lessonId: string;
  classId: string;
  title: string;
  scheduledStart: number;
  scheduledEnd: number;
}

export interface ArchiveStore {
  settings(schoolId: string): Promise<ArchiveSettings | undefined>;
  saveSettings(s: ArchiveSettings): Promise<void>;
  /** Schools that set a retention (the daily sweep visits only these). */
  schoolsWithRetention(): Promise<ArchiveSettings[]>;

  createJob(job: ArchiveJob): Promise<void>;
  job(id: string): Promise<ArchiveJob | undefined>;
  /** Newest first. */
  jobsOfSchool(schoolId: string, limit: number): Promise<ArchiveJob[]>;
  /** Takes the oldest queued job (state → running, attempts + 1), atomically; undefined when none. */
  claimJob(now: number): Promise<ArchiveJob | undefined>;
  updateJob(id: string, change: Partial<Pick<ArchiveJob, 'state' | 'progress' | 'doneBytes' | 'totalBytes' | 'etaMs' | 'error' | 'blobKey' | 'bytes'>>, now: number): Promise<void>;
  /** Jobs left 'running' by a process that stopped go back to 'queued' (run at start). */
  requeueRunning(now: number): Promise<number>;

  setLessonHold(lessonId: string, hold: boolean, by: string, at: number): Promise<void>;
  heldLessons(lessonIds: readonly string[]): Promise<Set<string>>;

  /** Ended recordings of the school's lessons that started before `before` and are not held (nor their lesson). */
  expiredRecordings(schoolId: string, before: number): Promise<StoredRecording[]>;
  /** Removes a recording's rows: segments, jobs, viewings, the recording. */
  deleteRecordingRows(recordingId: string): Promise<void>;
  /** Lessons of the school that ended before `before`, not held, whose activity data is still kept. */
  expiredLessonData(schoolId: string, before: number): Promise<ExpiredLessonData[]>;
  /** Deletes a lesson's activity data (attendance events, live quizzes and answers, questions, room decisions) and marks it purged. The lesson row stays: the timetable keeps that it took place. */
  purgeLessonData(lessonId: string, at: number): Promise<void>;
}

/**
 * The archive of teaching records (issue 9, R17), one migration of classroom/store/schema.ts:
 * the school's archive settings (retention, automatic recording), the export bundles built in
 * the background (archive_jobs: persistent, so that a restart resumes them, like media_jobs),
 * the retention holds of lessons (a recording's hold is its own column), and the lessons whose
 * activity data retention already deleted. Times are BIGINT ms since the epoch.
 */
export const MIGRATION_ARCHIVE = `
CREATE TABLE school_archive_settings (
  school_id TEXT PRIMARY KEY REFERENCES schools(id),
  recording_retention_days INTEGER NOT NULL CHECK (recording_retention_days >= 0),
  lesson_data_retention_days INTEGER NOT NULL CHECK (lesson_data_retention_days >= 0),
  auto_record INTEGER NOT NULL CHECK (auto_record IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE archive_jobs (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  range_from BIGINT NOT NULL,
  range_to BIGINT NOT NULL,
  label TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL,
  progress DOUBLE PRECISION NOT NULL,
  error TEXT,
  blob_key TEXT,
  bytes BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (range_to > range_from)
);
CREATE INDEX archive_jobs_state ON archive_jobs (state, created_at);
CREATE INDEX archive_jobs_school ON archive_jobs (school_id, created_at);

CREATE TABLE lesson_holds (
  lesson_id TEXT PRIMARY KEY REFERENCES lessons(id),
  held_by TEXT NOT NULL,
  held_at BIGINT NOT NULL
);

CREATE TABLE lesson_data_purges (
  lesson_id TEXT PRIMARY KEY REFERENCES lessons(id),
  purged_at BIGINT NOT NULL
);
`;

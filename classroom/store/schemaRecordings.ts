/**
 * The recording tables (issue 9), one migration of classroom/store/schema.ts. A recording has
 * segments (one Matroska file per recorded stream and stretch of time, under `directory`) and
 * post-processing jobs (media_jobs: persistent, so that a restart resumes them). Viewings are
 * kept for R12. Times are BIGINT ms since the epoch.
 */
export const MIGRATION_RECORDINGS = `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  started_by TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('recording', 'stopped', 'failed')),
  failure TEXT,
  directory TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  stopped_at BIGINT,
  published INTEGER NOT NULL CHECK (published IN (0, 1)),
  hold INTEGER NOT NULL CHECK (hold IN (0, 1)),
  video_blob TEXT,
  duration_ms BIGINT
);
CREATE INDEX recordings_lesson ON recordings (lesson_id, started_at);
CREATE INDEX recordings_state ON recordings (state);

CREATE TABLE recording_segments (
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  id TEXT NOT NULL,
  peer_id TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
  file TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  bytes BIGINT,
  PRIMARY KEY (recording_id, id)
);

CREATE TABLE media_jobs (
  id TEXT PRIMARY KEY,
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL,
  progress DOUBLE PRECISION NOT NULL,
  eta_ms BIGINT,
  error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX media_jobs_state ON media_jobs (state, created_at);
CREATE INDEX media_jobs_recording ON media_jobs (recording_id);

CREATE TABLE recording_views (
  id {{ID}},
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  user_id TEXT NOT NULL,
  viewed_at BIGINT NOT NULL
);
CREATE INDEX recording_views_recording ON recording_views (recording_id, viewed_at);
`;

/**
 * Migration 10: staff duties (the principal, the heads of subject groups), the materials library
 * with every version and every approval step (Circular 09/2021 art. 7.3, R9), the classes a
 * material is given to, and students' use of materials (R12).
 *
 * Uploads gain the purpose 'material'. PostgreSQL widens its CHECK in place; SQLite cannot alter
 * a constraint, so it rebuilds `uploads` and the one table that refers to it.
 */

const common = `
-- A duty a staff member holds besides their role: 'principal' (hieu truong; subject_id ''),
-- 'subject_head' (to truong chuyen mon of subject_id).
CREATE TABLE staff_duties (
  school_id TEXT NOT NULL REFERENCES schools(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  duty TEXT NOT NULL CHECK (duty IN ('principal', 'subject_head')),
  subject_id TEXT NOT NULL,
  PRIMARY KEY (user_id, duty, subject_id)
);
CREATE INDEX staff_duties_school ON staff_duties (school_id, duty, subject_id);

-- A material of the school's library. approved_version is what students see (NULL: nothing yet);
-- latest_version is the newest version, possibly still under review.
CREATE TABLE materials (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  grade_id TEXT NOT NULL REFERENCES grades(id),
  topic TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES users(id),
  source TEXT NOT NULL CHECK (source IN ('school', 'ministry', 'province')),
  latest_version INTEGER NOT NULL CHECK (latest_version >= 1),
  approved_version INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX materials_library ON materials (school_id, subject_id, grade_id);

-- Versions are never changed but for their review state, nor deleted.
CREATE TABLE material_versions (
  material_id TEXT NOT NULL REFERENCES materials(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'page')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  upload_id TEXT,
  url TEXT,
  body TEXT,
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'reviewed', 'approved', 'returned')),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (material_id, version)
);
CREATE INDEX material_versions_state ON material_versions (state);

-- Every step of the approval, in order.
CREATE TABLE material_reviews (
  id {{ID}},
  material_id TEXT NOT NULL REFERENCES materials(id),
  version INTEGER NOT NULL,
  actor_id TEXT NOT NULL REFERENCES users(id),
  step TEXT NOT NULL CHECK (step IN ('submitted', 'head_approved', 'head_returned', 'principal_approved', 'principal_returned', 'imported')),
  comment TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX material_reviews_material ON material_reviews (material_id, id);

-- A material given to a class (ahead of time, or handed out in a live lesson: lesson_id).
CREATE TABLE material_shares (
  material_id TEXT NOT NULL REFERENCES materials(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL,
  shared_by TEXT NOT NULL REFERENCES users(id),
  lesson_id TEXT,
  shared_at BIGINT NOT NULL,
  PRIMARY KEY (material_id, class_id)
);
CREATE INDEX material_shares_class ON material_shares (class_id, subject_id);

-- One opening of a material by a student (R12), updated while it stays open.
-- pages: the PDF pages seen, as a JSON array; watched_permille: share of a video/audio watched.
CREATE TABLE material_views (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL,
  material_id TEXT NOT NULL REFERENCES materials(id),
  version INTEGER NOT NULL,
  student_id TEXT NOT NULL REFERENCES users(id),
  class_id TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  seconds INTEGER NOT NULL CHECK (seconds >= 0),
  page_count INTEGER NOT NULL CHECK (page_count >= 0),
  pages TEXT NOT NULL,
  watched_permille INTEGER NOT NULL CHECK (watched_permille BETWEEN 0 AND 1000)
);
CREATE INDEX material_views_material ON material_views (material_id, student_id);
CREATE INDEX material_views_school ON material_views (school_id, opened_at);

-- A teacher's reminder to a student who had not opened a material.
CREATE TABLE material_reminders (
  material_id TEXT NOT NULL REFERENCES materials(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  sent_by TEXT NOT NULL REFERENCES users(id),
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (material_id, student_id)
);
CREATE INDEX material_reminders_student ON material_reminders (student_id);
`;

const UPLOADS_POSTGRES = `
ALTER TABLE uploads DROP CONSTRAINT uploads_purpose_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_purpose_check CHECK (purpose IN ('submission', 'attachment', 'material'));
`;

// Built beside the old tables, then swapped: dropping submission_files first leaves nothing
// referring to the old uploads, and renaming uploads_new rewrites submission_files_new's reference.
const UPLOADS_SQLITE = `
CREATE TABLE uploads_new (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  owner_id TEXT NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('submission', 'attachment', 'material')),
  target_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  declared_size BIGINT NOT NULL CHECK (declared_size >= 0),
  created_at BIGINT NOT NULL,
  blob_key TEXT UNIQUE,
  size BIGINT,
  sha256 TEXT,
  media_type TEXT,
  finished_at BIGINT,
  removed_at BIGINT,
  CHECK ((blob_key IS NULL) = (finished_at IS NULL))
);
INSERT INTO uploads_new SELECT * FROM uploads;
CREATE TABLE submission_files_new (
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  position INTEGER NOT NULL,
  upload_id TEXT NOT NULL REFERENCES uploads_new(id),
  PRIMARY KEY (submission_id, position)
);
INSERT INTO submission_files_new SELECT * FROM submission_files;
DROP TABLE submission_files;
DROP TABLE uploads;
ALTER TABLE uploads_new RENAME TO uploads;
ALTER TABLE submission_files_new RENAME TO submission_files;
CREATE INDEX uploads_owner_target ON uploads (owner_id, target_id);
CREATE INDEX uploads_target ON uploads (target_id, purpose);
`;

export const MIGRATION_10_MATERIALS = {
  sqlite: UPLOADS_SQLITE + common,
  postgres: UPLOADS_POSTGRES + common,
} as const;

/** Migration 13: the questions panel of live lessons (R13), kept with the lesson. */
export const MIGRATION_LESSON_QUESTIONS = `
CREATE TABLE lesson_questions (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  author_user_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  text TEXT NOT NULL,
  hidden INTEGER NOT NULL CHECK (hidden IN (0, 1)),
  upvoters TEXT NOT NULL,
  answered_at BIGINT,
  asked_at BIGINT NOT NULL
);
CREATE INDEX lesson_questions_lesson ON lesson_questions (lesson_id, asked_at);
`;

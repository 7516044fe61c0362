/**
 * Migration 4 (after the exams' 3): files uploaded through tus, assignments with their submissions (every version
 * kept) and grades, and the gradebook of Circular 22/2021/TT-BGDĐT with its change log.
 *
 * Scores are INTEGER tenths (7.5 → 75): the Circular's scores have one decimal, and integer
 * tenths make every average and its rounding exact on both engines.
 */
export const MIGRATION_4_ASSIGNMENTS = `
-- One file sent through the resumable upload protocol. blob_key is set once the file is complete,
-- checked by content and stored in the blob store; until then the row only reserves its quota.
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  owner_id TEXT NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('submission', 'attachment')),
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
CREATE INDEX uploads_owner_target ON uploads (owner_id, target_id);
CREATE INDEX uploads_target ON uploads (target_id, purpose);

CREATE TABLE assignments (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  instructions TEXT NOT NULL,
  open_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  accept_late INTEGER NOT NULL CHECK (accept_late IN (0, 1)),
  late_penalty_tenths INTEGER NOT NULL CHECK (late_penalty_tenths BETWEEN 0 AND 100),
  for_all INTEGER NOT NULL CHECK (for_all IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (due_at > open_at)
);
CREATE INDEX assignments_class ON assignments (class_id, subject_id, due_at);

-- The chosen students of an assignment that is not for the whole class.
CREATE TABLE assignment_students (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (assignment_id, student_id)
);
CREATE INDEX assignment_students_student ON assignment_students (student_id);

-- One row per version handed in: a new version never overwrites an older one.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  text TEXT NOT NULL,
  submitted_at BIGINT NOT NULL,
  late INTEGER NOT NULL CHECK (late IN (0, 1)),
  UNIQUE (assignment_id, student_id, version)
);
CREATE INDEX submissions_student ON submissions (student_id);

CREATE TABLE submission_files (
  submission_id TEXT NOT NULL REFERENCES submissions(id),
  position INTEGER NOT NULL,
  upload_id TEXT NOT NULL REFERENCES uploads(id),
  PRIMARY KEY (submission_id, position)
);

-- revision: optimistic concurrency between two teachers grading the same work.
CREATE TABLE assignment_grades (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  score_tenths INTEGER CHECK (score_tenths BETWEEN 0 AND 100),
  feedback TEXT NOT NULL,
  returned_at BIGINT,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  graded_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (assignment_id, student_id)
);
CREATE INDEX assignment_grades_student ON assignment_grades (student_id);

-- How a subject is assessed (Circular 22, art. 5-7): by score with regular_count regular
-- assessments per term, or by comment (Dat / Chua dat).
CREATE TABLE gradebook_settings (
  school_id TEXT NOT NULL REFERENCES schools(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  mode TEXT NOT NULL CHECK (mode IN ('score', 'comment')),
  regular_count INTEGER NOT NULL CHECK (regular_count BETWEEN 1 AND 6),
  PRIMARY KEY (school_id, subject_id)
);

-- slot: tx1..tx6 (regular), gk (mid-term), ck (end of term). A score subject fills
-- score_tenths, a comment subject verdict; a cleared cell keeps its row with both NULL.
CREATE TABLE gradebook_entries (
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  school_year TEXT NOT NULL,
  term INTEGER NOT NULL CHECK (term IN (1, 2)),
  student_id TEXT NOT NULL REFERENCES users(id),
  slot TEXT NOT NULL CHECK (slot IN ('tx1', 'tx2', 'tx3', 'tx4', 'tx5', 'tx6', 'gk', 'ck')),
  score_tenths INTEGER CHECK (score_tenths BETWEEN 0 AND 100),
  verdict TEXT CHECK (verdict IN ('pass', 'fail')),
  source TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (score_tenths IS NULL OR verdict IS NULL),
  PRIMARY KEY (class_id, subject_id, school_year, term, student_id, slot)
);
CREATE INDEX gradebook_entries_student ON gradebook_entries (student_id, school_year);

-- Every change of a grade or a gradebook cell: who, when, old, new (append-only). No foreign
-- key: the record outlives an account; erasing a student removes the rows that name them.
CREATE TABLE score_changes (
  id {{ID}},
  at BIGINT NOT NULL,
  actor_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('grade', 'gradebook')),
  class_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  student_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  source TEXT NOT NULL
);
CREATE INDEX score_changes_class ON score_changes (class_id, subject_id, at);
CREATE INDEX score_changes_student ON score_changes (student_id, at);
`;

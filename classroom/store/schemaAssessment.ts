/**
 * Migrations 2 and 3 (question bank; assigned quizzes and exams), kept apart from schema.ts so that
 * file stays a readable list. Shipped texts: never edit them (their checksums are recorded).
 */

// body and answer_key are JSON (classroom/assessment QuestionBody, AnswerKey). search_key is the
// question's text without marks or case, for LIKE search; topic_key the lookup form of topic.
export const MIGRATION_2_QUESTION_BANK = `
CREATE TABLE bank_questions (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  owner_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'essay')),
  shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
  grade_level INTEGER CHECK (grade_level BETWEEN 1 AND 12),
  topic TEXT,
  topic_key TEXT,
  cognitive_level TEXT CHECK (cognitive_level IN ('recall', 'understand', 'apply', 'apply_high')),
  version INTEGER NOT NULL CHECK (version >= 1),
  search_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  archived_at BIGINT
);
CREATE INDEX bank_questions_school_subject ON bank_questions (school_id, subject_id, updated_at);
CREATE INDEX bank_questions_owner ON bank_questions (owner_id, updated_at);

CREATE TABLE bank_question_versions (
  question_id TEXT NOT NULL REFERENCES bank_questions(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL,
  answer_key TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES users(id),
  note TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (question_id, version)
);

-- Pictures of questions: the bytes are in the blob store (area "bank"); questions refer to them
-- as [img:<id>]. Kept while any version may show them (no delete).
CREATE TABLE bank_images (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  owner_id TEXT NOT NULL REFERENCES users(id),
  blob_key TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX bank_images_school ON bank_images (school_id);
`;

// Assigned quizzes and online exams (R11, issue 7). An exam stores a copy of its scoring scheme
// and the question versions it grades with (JSON), so a later edit of the bank or of a template
// never changes a result silently; a regrade changes them and says so in exam_events.
// exam_answers holds each question's latest answer of an attempt (seq: the client's counter, a
// stale retry never overwrites a newer answer); exam_events is the append-only audit trail:
// every answer change with its session and IP, suspicious events, extensions, reopenings,
// manual grades and regrades. result is JSON {points, maxPoints, score10} once finished.
export const MIGRATION_3_EXAMS = `
CREATE TABLE exams (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  lesson_id TEXT,
  mode TEXT NOT NULL CHECK (mode IN ('quiz', 'exam')),
  title TEXT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  time_limit_ms BIGINT,
  attempts_allowed INTEGER NOT NULL CHECK (attempts_allowed >= 1),
  shuffle_questions INTEGER NOT NULL CHECK (shuffle_questions IN (0, 1)),
  shuffle_options INTEGER NOT NULL CHECK (shuffle_options IN (0, 1)),
  release_policy TEXT NOT NULL CHECK (release_policy IN ('immediately', 'after_close', 'manual')),
  released_at BIGINT,
  scheme TEXT NOT NULL,
  questions TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX exams_class ON exams (class_id, opens_at);

CREATE TABLE exam_attempts (
  id TEXT PRIMARY KEY,
  exam_id TEXT NOT NULL REFERENCES exams(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  number INTEGER NOT NULL CHECK (number >= 1),
  seed TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'closed_by_deadline')),
  finished_at BIGINT,
  client_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  result TEXT,
  feedback TEXT NOT NULL DEFAULT '',
  UNIQUE (exam_id, student_id, number)
);
CREATE INDEX exam_attempts_open ON exam_attempts (status, deadline_at);
CREATE INDEX exam_attempts_student ON exam_attempts (student_id, started_at);

CREATE TABLE exam_answers (
  attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
  question_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  seq INTEGER NOT NULL,
  saved_at BIGINT NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE exam_manual_grades (
  attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
  question_id TEXT NOT NULL,
  points TEXT NOT NULL,
  feedback TEXT NOT NULL,
  graded_by TEXT NOT NULL REFERENCES users(id),
  graded_at BIGINT NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE exam_events (
  id {{ID}},
  exam_id TEXT NOT NULL REFERENCES exams(id),
  attempt_id TEXT,
  student_id TEXT,
  actor_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  client_id TEXT NOT NULL,
  ip TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX exam_events_exam ON exam_events (exam_id, id);
CREATE INDEX exam_events_attempt ON exam_events (attempt_id, id);
`;

/**
 * Live quiz: when the teacher ended a question. Before, only closed_at was stored, so a question
 * closed or revealed but still on the screen could not be told from one the teacher had finished,
 * and a restart lost it (docs/protocol.md "Live quiz after a restart"). Questions already closed
 * count as ended: that is how they were treated until now.
 */
export const MIGRATION_LIVE_QUIZ_ENDED = `
ALTER TABLE live_quizzes ADD COLUMN ended_at BIGINT;
UPDATE live_quizzes SET ended_at = closed_at WHERE closed_at IS NOT NULL;
`;

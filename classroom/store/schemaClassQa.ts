/**
 * Migration 16: questions and answers of a class + subject between lessons (R13;
 * classroom/classQa), and the notifications of those involved. No foreign key on author and
 * actor ids: a question outlives the account that asked it.
 */
export const MIGRATION_CLASS_QA = `
CREATE TABLE qa_questions (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  photo_key TEXT,
  photo_type TEXT,
  created_at BIGINT NOT NULL,
  accepted_answer_id TEXT,
  answered_at BIGINT,
  answered_by TEXT,
  hidden_at BIGINT,
  hidden_by TEXT,
  locked_at BIGINT,
  locked_by TEXT
);
CREATE INDEX qa_questions_class ON qa_questions (class_id, subject_id, created_at);
CREATE INDEX qa_questions_author ON qa_questions (author_id, created_at);
CREATE INDEX qa_questions_answered ON qa_questions (school_id, answered_at);

CREATE TABLE qa_answers (
  id TEXT PRIMARY KEY,
  question_id TEXT NOT NULL REFERENCES qa_questions(id),
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  hidden_at BIGINT,
  hidden_by TEXT
);
CREATE INDEX qa_answers_question ON qa_answers (question_id, created_at);

-- One line per person told of something done in a thread; read_at NULL: unread.
CREATE TABLE qa_notifications (
  id {{ID}},
  user_id TEXT NOT NULL,
  question_id TEXT NOT NULL REFERENCES qa_questions(id),
  kind TEXT NOT NULL CHECK (kind IN ('asked', 'answered', 'accepted')),
  actor_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX qa_notifications_user ON qa_notifications (user_id, read_at, question_id);
`;

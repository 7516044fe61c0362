/**
 * The schema, as an ordered list of forward-only migrations. Never edit a migration that has
 * shipped (the runner refuses to start when an applied migration's checksum changed): add one.
 *
 * One text serves both engines. Conventions that keep its meaning identical on both:
 * - ids are TEXT (platform newId), times are BIGINT milliseconds since the epoch (UTC);
 * - booleans are INTEGER 0/1 with a CHECK;
 * - `{{ID}}` is an auto-increment primary key (monotonic, never reused), for append-only logs;
 * - `name_key` columns hold the lookup form of a name (NFC, lower case, single spaces), so that
 *   "10a1" in a CSV file finds class "10A1".
 */
import type { Migration } from './migrations.js';
import { MIGRATION_4_ASSIGNMENTS } from './schemaAssignments.js';
import { MIGRATION_10_MATERIALS, MIGRATION_LESSON_QUESTIONS } from './schemaMaterials.js';
import { MIGRATION_RECORDINGS } from './schemaRecordings.js';

const v1 = `
CREATE TABLE schools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE grades (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 12),
  UNIQUE (school_id, name_key)
);

CREATE TABLE classes (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  grade_id TEXT NOT NULL REFERENCES grades(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  UNIQUE (school_id, name_key)
);

CREATE TABLE subjects (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  UNIQUE (school_id, name_key)
);

-- code: the personal identification code (ma dinh danh), required for teachers and students,
-- unique across all schools because it is national. username: lower case, optional.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'teacher', 'student', 'parent')),
  code TEXT UNIQUE,
  username TEXT UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  password_changed_at BIGINT,
  CHECK (role NOT IN ('teacher', 'student') OR code IS NOT NULL),
  CHECK (code IS NOT NULL OR username IS NOT NULL)
);
CREATE INDEX users_school_role ON users (school_id, role);

CREATE TABLE teaching_assignments (
  teacher_id TEXT NOT NULL REFERENCES users(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  PRIMARY KEY (teacher_id, class_id, subject_id)
);
CREATE INDEX teaching_assignments_class ON teaching_assignments (class_id, subject_id);

-- A student belongs to exactly one class (their homeroom class) at a time.
CREATE TABLE class_students (
  student_id TEXT PRIMARY KEY REFERENCES users(id),
  class_id TEXT NOT NULL REFERENCES classes(id)
);
CREATE INDEX class_students_class ON class_students (class_id);

CREATE TABLE parent_links (
  parent_id TEXT NOT NULL REFERENCES users(id),
  student_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (parent_id, student_id)
);
CREATE INDEX parent_links_student ON parent_links (student_id);

-- token_hash: SHA-256 of the opaque token; the token itself is never stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  password_change_only INTEGER NOT NULL CHECK (password_change_only IN (0, 1)),
  ip TEXT,
  user_agent TEXT,
  revoked_at BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_throttle (
  scope TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
  key TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  lock_level INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);

-- Logs keep no foreign key to users: a record must outlive the account it mentions.
CREATE TABLE auth_events (
  id {{ID}},
  at BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('login_succeeded', 'login_failed', 'login_locked', 'logout',
    'password_changed', 'password_reset', 'sessions_revoked')),
  user_id TEXT,
  school_id TEXT,
  login TEXT,
  ip TEXT,
  user_agent TEXT,
  detail TEXT
);
CREATE INDEX auth_events_user ON auth_events (user_id, at);
CREATE INDEX auth_events_school ON auth_events (school_id, at);

CREATE TABLE personal_data_access (
  id {{ID}},
  at BIGINT NOT NULL,
  actor_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('view', 'export', 'create', 'update', 'delete', 'import')),
  subject_user_id TEXT,
  resource TEXT NOT NULL,
  ip TEXT,
  detail TEXT
);
CREATE INDEX personal_data_access_subject ON personal_data_access (subject_user_id, at);
CREATE INDEX personal_data_access_school ON personal_data_access (school_id, at);
CREATE INDEX personal_data_access_actor ON personal_data_access (actor_id, at);

CREATE TABLE lessons (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  subject_id TEXT NOT NULL REFERENCES subjects(id),
  teacher_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  scheduled_start BIGINT NOT NULL,
  scheduled_end BIGINT NOT NULL,
  started_at BIGINT,
  ended_at BIGINT,
  cancelled_at BIGINT,
  password_hash TEXT,
  created_at BIGINT NOT NULL,
  CHECK (scheduled_end > scheduled_start)
);
CREATE INDEX lessons_class_start ON lessons (class_id, scheduled_start);
CREATE INDEX lessons_teacher_start ON lessons (teacher_id, scheduled_start);

-- Append-only participation log (R8). seq orders events that share a millisecond.
CREATE TABLE attendance_events (
  seq {{ID}},
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('join', 'leave', 'mic_on', 'mic_off', 'camera_on', 'camera_off',
    'screen_on', 'screen_off', 'hand_raised', 'chat_message')),
  reason TEXT CHECK (reason IN ('left', 'disconnected', 'removed', 'lesson_ended')),
  at BIGINT NOT NULL,
  CHECK ((kind = 'leave') = (reason IS NOT NULL))
);
CREATE INDEX attendance_events_lesson ON attendance_events (lesson_id, seq);
`;

// Question bank (R16, issue 7). A question's rows in bank_questions hold what is searched and
// filtered (tags, sharing, the current version); its content lives in versions, which are never
// changed or deleted: a quiz graded with version 3 can be regraded with version 3 years later.
// body and answer_key are JSON (classroom/assessment QuestionBody, AnswerKey). search_key is the
// question's text without marks or case, for LIKE search; topic_key the lookup form of topic.
const v2 = `
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
const v3 = `
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
 * Lesson passwords get their own attempt counters (issue 13.6: 400 guesses in 4.3 s), one per
 * account and lesson, key "<userId>:<lessonId>". A CHECK cannot be altered in SQLite: the table
 * is rebuilt (it holds only short-lived counters).
 */
const v5 = `
CREATE TABLE login_throttle_v2 (
  scope TEXT NOT NULL CHECK (scope IN ('account', 'ip', 'lesson_password')),
  key TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL,
  lock_level INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
INSERT INTO login_throttle_v2 (scope, key, failures, window_start, locked_until, lock_level, updated_at)
  SELECT scope, key, failures, window_start, locked_until, lock_level, updated_at FROM login_throttle;
DROP TABLE login_throttle;
ALTER TABLE login_throttle_v2 RENAME TO login_throttle;
`;

/**
 * Which node hosts which live lesson, and the last moment it was known alive (issue 13.3): after
 * a crash, the presences it left open are closed at that moment instead of counting on.
 */
const v6 = `
CREATE TABLE lesson_liveness (
  lesson_id TEXT PRIMARY KEY REFERENCES lessons(id),
  node_id TEXT NOT NULL,
  alive_at BIGINT NOT NULL
);
CREATE INDEX lesson_liveness_node ON lesson_liveness (node_id);
CREATE INDEX lesson_liveness_alive ON lesson_liveness (alive_at);
`;

/**
 * The teacher's decisions in a live lesson that outlive a connection (issue 13.4; classroom/
 * liveRoom/RoomDecisionTypes.ts): its settings, and per user removed / admitted from the lobby /
 * allowed to share the screen. No foreign key on user_id: a guest of a join link has no account.
 */
const v7 = `
CREATE TABLE live_room_settings (
  lesson_id TEXT PRIMARY KEY REFERENCES lessons(id),
  locked INTEGER NOT NULL CHECK (locked IN (0, 1)),
  auto_admit INTEGER NOT NULL CHECK (auto_admit IN (0, 1)),
  students_can_unmute INTEGER NOT NULL CHECK (students_can_unmute IN (0, 1)),
  updated_at BIGINT NOT NULL
);

CREATE TABLE live_room_people (
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  user_id TEXT NOT NULL,
  removed INTEGER NOT NULL CHECK (removed IN (0, 1)),
  admitted INTEGER NOT NULL CHECK (admitted IN (0, 1)),
  can_share_screen INTEGER NOT NULL CHECK (can_share_screen IN (0, 1)),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (lesson_id, user_id)
);
CREATE INDEX live_room_people_user ON live_room_people (user_id);
`;

// Live quizzes in lessons (R2, R8, R11, issue 7). A quiz keeps the body and key it was asked
// with (JSON, classroom/assessment) and the bank version it came from (NULL for a quick poll,
// whose answer_key is NULL too). target_group is '*' for the whole lesson, else a breakout group.
// One answer per student and quiz: the first (the primary key refuses a second).
const v8 = `
CREATE TABLE live_quizzes (
  id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL REFERENCES lessons(id),
  teacher_id TEXT NOT NULL,
  target_group TEXT NOT NULL,
  question_id TEXT,
  question_version INTEGER,
  body TEXT NOT NULL,
  answer_key TEXT,
  started_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  closed_at BIGINT,
  revealed_at BIGINT
);
CREATE INDEX live_quizzes_lesson ON live_quizzes (lesson_id, started_at);

CREATE TABLE live_quiz_answers (
  quiz_id TEXT NOT NULL REFERENCES live_quizzes(id),
  lesson_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('correct', 'partial', 'incorrect', 'unanswered', 'pending_manual', 'poll')),
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (quiz_id, user_id)
);
CREATE INDEX live_quiz_answers_lesson ON live_quiz_answers (lesson_id, user_id);
CREATE INDEX live_quiz_answers_user ON live_quiz_answers (user_id);
`;

/**
 * The school's statistics (R15, classroom/statistics SqlStatisticsStore.ts) read a term of a whole
 * school at once: lessons by school and period, the join/leave events of each lesson with the
 * student and time in the index itself (no table lookups for hundreds of thousands of events),
 * assignments by school or teacher and due date.
 */
const v9 = `
CREATE INDEX lessons_school_start ON lessons (school_id, scheduled_start);
CREATE INDEX attendance_events_lesson_kind ON attendance_events (lesson_id, kind, user_id, at, seq);
CREATE INDEX assignments_school_due ON assignments (school_id, due_at);
CREATE INDEX assignments_teacher_due ON assignments (teacher_id, due_at);
`;

/**
 * Announcements of a class (R19, R20; classroom/parents): its teachers (or the admin) write to its
 * students and their parents. Plain text. No foreign key on author_id: the message outlives the
 * account that wrote it.
 */
const v11 = `
CREATE TABLE class_announcements (
  id TEXT PRIMARY KEY,
  school_id TEXT NOT NULL REFERENCES schools(id),
  class_id TEXT NOT NULL REFERENCES classes(id),
  author_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX class_announcements_class ON class_announcements (class_id, created_at);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'accounts, school structure, lessons, attendance', sql: v1 },
  { version: 2, name: 'question bank', sql: v2 },
  { version: 3, name: 'assigned quizzes and exams', sql: v3 },
  { version: 4, name: 'uploads, assignments, grades, gradebook', sql: MIGRATION_4_ASSIGNMENTS },
  { version: 5, name: 'lesson password attempt counters', sql: v5 },
  { version: 6, name: 'liveness of hosted lessons', sql: v6 },
  { version: 7, name: 'teacher decisions of live lessons', sql: v7 },
  { version: 8, name: 'live quiz', sql: v8 },
  { version: 9, name: 'indexes of the school statistics', sql: v9 },
  { version: 10, name: 'staff duties, materials and their approval and use', sql: MIGRATION_10_MATERIALS },
  { version: 11, name: 'class announcements', sql: v11 },
  { version: 12, name: 'recordings, segments, media jobs', sql: MIGRATION_RECORDINGS },
  { version: 13, name: 'questions of live lessons', sql: MIGRATION_LESSON_QUESTIONS },
];

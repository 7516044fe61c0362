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
import { MIGRATION_2_QUESTION_BANK, MIGRATION_3_EXAMS, MIGRATION_LIVE_QUIZ_ENDED } from './schemaAssessment.js';
import { MIGRATION_4_ASSIGNMENTS } from './schemaAssignments.js';
import { MIGRATION_10_MATERIALS, MIGRATION_LESSON_QUESTIONS } from './schemaMaterials.js';
import { MIGRATION_CLASS_QA } from './schemaClassQa.js';
import { MIGRATION_RECORDINGS } from './schemaRecordings.js';
import { MIGRATION_ARCHIVE } from './schemaArchive.js';
import { MIGRATION_PRESENCE_SUMMARIES } from './schemaStatistics.js';
import { MIGRATION_PLAYBACK } from './schemaPlayback.js';

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
  { version: 2, name: 'question bank', sql: MIGRATION_2_QUESTION_BANK },
  { version: 3, name: 'assigned quizzes and exams', sql: MIGRATION_3_EXAMS },
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
  { version: 14, name: 'live quiz: when the teacher ended a question', sql: MIGRATION_LIVE_QUIZ_ENDED },
  { version: 15, name: 'archive settings, bundles, retention holds', sql: MIGRATION_ARCHIVE },
  { version: 16, name: 'questions and answers of classes', sql: MIGRATION_CLASS_QA },
  { version: 17, name: 'presence summaries of ended lessons (statistics)', sql: MIGRATION_PRESENCE_SUMMARIES },
  { version: 18, name: 'chat kept with recordings, archive bundle bytes', sql: MIGRATION_PLAYBACK },
];

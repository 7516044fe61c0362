/**
 * The HTTP API's shapes as the client uses them (docs/http-api.md "Types"). Hand-written, like
 * the socket's domain types, and checked when they arrive (apiParse.ts).
 */

export type UserRole = 'admin' | 'teacher' | 'student' | 'parent';

export interface User {
  id: string;
  role: UserRole;
  displayName: string;
  code: string | null;
  username: string | null;
  schoolId: string;
  schoolName: string;
  /** Students: their class. */
  className: string | null;
  /** May open the archive page (the admin, the principal). */
  archive?: boolean;
}

export interface Me {
  user: User;
  mustChangePassword: boolean;
}

export type LessonStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface Lesson {
  id: string;
  title: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  /** ms since the epoch. */
  scheduledStart: number;
  scheduledEnd: number;
  startedAt: number | null;
  endedAt: number | null;
  status: LessonStatus;
  hasPassword: boolean;
}

export interface TimetableEntry {
  lesson: Lesson;
  className: string;
  subjectName: string;
  teacherName: string;
  canJoin: boolean;
  canManage: boolean;
}

export interface TeachingAssignment {
  classId: string;
  className: string;
  subjectId: string;
  subjectName: string;
}

export interface ScheduleInput {
  classId: string;
  subjectId: string;
  /** YYYY-MM-DD, the school's local date. */
  date: string;
  /** HH:MM, the school's local time. */
  start: string;
  end: string;
  title?: string;
  password?: string;
}

export interface StartNowInput {
  classId: string;
  subjectId: string;
  title?: string;
  durationMinutes?: number;
  password?: string;
}

export interface GuestLink {
  url: string;
  expiresAt: number;
}

export interface Grade {
  id: string;
  name: string;
  level: number;
}

export interface SchoolClass {
  id: string;
  name: string;
  gradeId: string;
  studentCount: number;
}

export interface Subject {
  id: string;
  name: string;
}

export interface SchoolStructure {
  schoolName: string;
  grades: Grade[];
  classes: SchoolClass[];
  subjects: Subject[];
}

export type RosterKind = 'students' | 'teachers';

/** classroom/roster/RosterTypes.ts `RosterIssueCode`; the UI translates each one. */
export const ROSTER_ISSUE_CODES = [
  'FILE_NOT_UTF8',
  'FILE_TOO_LARGE',
  'CSV_SYNTAX',
  'NO_ROWS',
  'MISSING_COLUMN',
  'DUPLICATE_COLUMN',
  'WRONG_FIELD_COUNT',
  'ID_CODE_EMPTY',
  'ID_CODE_NOT_DIGITS',
  'ID_CODE_WRONG_LENGTH',
  'ID_CODE_SPREADSHEET_NUMBER',
  'NAME_EMPTY',
  'NAME_TOO_LONG',
  'NAME_INVALID_CHARACTERS',
  'CLASS_EMPTY',
  'CLASS_UNKNOWN',
  'SUBJECT_UNKNOWN',
  'ASSIGNMENT_INVALID',
  'DUPLICATE_IN_FILE',
  'CODE_USED_BY_OTHER_ROLE',
  'CODE_IN_OTHER_SCHOOL',
] as const;

export type RosterIssueCode = (typeof ROSTER_ISSUE_CODES)[number];

export interface RosterIssue {
  /** 1-based line of the file (1 is the header). */
  line: number;
  /** The column's header as written in the file; null for a whole row or file. */
  column: string | null;
  /** A code this build does not know is kept as 'UNKNOWN' with the server's message. */
  code: RosterIssueCode | 'UNKNOWN';
  message: string;
}

export type RosterRowAction = 'create' | 'update' | 'unchanged';

export interface RosterRowPlan {
  line: number;
  code: string;
  displayName: string;
  action: RosterRowAction;
  className: string | null;
  assignments: Array<{ className: string; subjectName: string }>;
}

export interface RosterPreview {
  kind: RosterKind;
  rows: RosterRowPlan[];
  issues: RosterIssue[];
  ignoredColumns: string[];
  counts: Record<RosterRowAction, number>;
  ok: boolean;
}

export interface CreatedAccount {
  userId: string;
  code: string | null;
  username: string | null;
  displayName: string;
  initialPassword: string;
}

export interface RosterResult {
  kind: RosterKind;
  created: CreatedAccount[];
  updated: number;
  unchanged: number;
}

/**
 * What parents read (R19, R20): each child's online lessons with the child's attendance, the
 * class's announcements; and the school's import of parent accounts from a CSV file. Read-only
 * for parents; a parent reaches only their own children (the policy's student.readRecord).
 */

/** A message of a class's teacher (or the school's admin) to the class, its students and parents. */
export interface ClassAnnouncement {
  id: string;
  schoolId: string;
  classId: string;
  authorId: string;
  /** Plain text, NFC, 1..200 characters; shown as text, never as markup. */
  title: string;
  /** Plain text, 1..4000 characters, line breaks kept. */
  body: string;
  createdAt: number;
}

/** One join or leave of one person, as the child's attendance needs it. */
export interface PresenceEvent {
  lessonId: string;
  at: number;
  kind: 'join' | 'leave';
  reason: 'left' | 'disconnected' | 'removed' | 'lesson_ended' | null;
}

export interface ParentStore {
  addAnnouncement(a: ClassAnnouncement): Promise<void>;
  /** Newest first, at most `limit`. */
  announcementsOf(classId: string, limit: number): Promise<ClassAnnouncement[]>;
  /** The joins and leaves of `userId` in these lessons, in order (time, then arrival). */
  presenceOf(userId: string, lessonIds: readonly string[]): Promise<PresenceEvent[]>;
}

/**
 * Where the child stands in one lesson: `upcoming` (not started yet), `cancelled`, `not_held`
 * (over, never started), `in_lesson` (there now), `present` (came; see late / leftEarly),
 * `absent` (the lesson ran or runs and the child has not joined).
 */
export type ChildLessonState = 'upcoming' | 'cancelled' | 'not_held' | 'in_lesson' | 'present' | 'absent';

export interface ChildLesson {
  lessonId: string;
  title: string;
  subjectName: string;
  teacherName: string;
  scheduledStart: number;
  scheduledEnd: number;
  startedAt: number | null;
  endedAt: number | null;
  state: ChildLessonState;
  late: boolean;
  leftEarly: boolean;
  firstJoinAt: number | null;
  lastLeaveAt: number | null;
  /** Time in the lesson, reconnections within the grace period counted. */
  presentMs: number;
}

export interface ChildOverview {
  child: { id: string; displayName: string; classId: string | null; className: string | null };
  from: number;
  to: number;
  lessons: ChildLesson[];
  announcements: Array<ClassAnnouncement & { authorName: string }>;
}

/** Problems of one row (or of the file) of a parent import. */
export type ParentIssueCode =
  | 'FILE_NOT_UTF8'
  | 'FILE_TOO_LARGE'
  | 'CSV_SYNTAX'
  | 'NO_ROWS'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'WRONG_FIELD_COUNT'
  | 'NAME_INVALID'
  | 'USERNAME_INVALID'
  | 'USERNAME_TAKEN'
  | 'DUPLICATE_IN_FILE'
  | 'CHILDREN_EMPTY'
  | 'TOO_MANY_CHILDREN'
  | 'CHILD_CODE_INVALID'
  | 'CHILD_NOT_FOUND';

export interface ParentIssue {
  /** 1-based line of the file (1 is the header); 0 for the file as a whole. */
  line: number;
  /** The header text of the column, or null for a whole-row or file issue. */
  column: string | null;
  code: ParentIssueCode;
  /** English, for logs and API clients; the UI translates `code`. */
  message: string;
}

export interface ParentRowPlan {
  line: number;
  username: string;
  displayName: string;
  /** ID codes of the children, as stored. */
  childCodes: string[];
  /** create: a new account; link: an existing parent of the school gets the children it lacks; unchanged. */
  action: 'create' | 'link' | 'unchanged';
}

export interface ParentImportPreview {
  rows: ParentRowPlan[];
  issues: ParentIssue[];
  ok: boolean;
}

export interface ParentImportResult {
  created: Array<{ userId: string; username: string; displayName: string; initialPassword: string }>;
  linked: number;
  unchanged: number;
}

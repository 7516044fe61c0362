/** Scheduled online lessons and the class timetable (R19). */

export type LessonStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface Lesson {
  id: string;
  schoolId: string;
  classId: string;
  subjectId: string;
  /** The teacher who scheduled it and hosts it. */
  teacherId: string;
  title: string;
  scheduledStart: number;
  scheduledEnd: number;
  /** When the live room actually opened / closed (set by the live lesson domain). */
  startedAt: number | null;
  endedAt: number | null;
  cancelledAt: number | null;
  /** argon2id of the optional lesson password; null when the lesson has none. */
  passwordHash: string | null;
  createdAt: number;
}

export function lessonStatus(l: Pick<Lesson, 'startedAt' | 'endedAt' | 'cancelledAt'>): LessonStatus {
  if (l.cancelledAt !== null) return 'cancelled';
  if (l.endedAt !== null) return 'ended';
  if (l.startedAt !== null) return 'live';
  return 'scheduled';
}

/** A lesson as students, parents and the UI see it: no password hash. */
export interface LessonView extends Omit<Lesson, 'passwordHash'> {
  status: LessonStatus;
  hasPassword: boolean;
}

export function lessonView(l: Lesson): LessonView {
  const { passwordHash, ...rest } = l;
  return { ...rest, status: lessonStatus(l), hasPassword: passwordHash !== null };
}

export interface TimeRange {
  /** Lessons that end after `from` (inclusive)... */
  from: number;
  /** ...and start before `to` (exclusive). */
  to: number;
  /**
   * Also list cancelled lessons (default false). Timetables show them, marked, so nobody waits
   * for a lesson that will not happen; scheduling checks ignore them (their slot is free).
   */
  includeCancelled?: boolean;
}

export interface LessonStore {
  create(lesson: Lesson): Promise<void>;
  /**
   * Use inside Storage.transaction: holds the timetables of this class and this teacher until
   * the transaction ends, so that an overlap check and the insert after it are never
   * interleaved with another request's (an overlap is not something a UNIQUE index can refuse).
   */
  lockTimetables(classId: string, teacherId: string): Promise<void>;
  get(id: string): Promise<Lesson | undefined>;
  /** Sets startedAt unless already set; resolves with the stored lesson. */
  markStarted(id: string, at: number): Promise<Lesson | undefined>;
  /** Sets endedAt (and startedAt when missing) unless already ended. */
  markEnded(id: string, at: number): Promise<Lesson | undefined>;
  /** Sets cancelledAt on a lesson that has not started; resolves false otherwise. */
  cancel(id: string, at: number): Promise<boolean>;
  /** Not-cancelled lessons of a class that overlap `range`, by start time. */
  forClass(classId: string, range: TimeRange): Promise<Lesson[]>;
  forClasses(classIds: readonly string[], range: TimeRange): Promise<Lesson[]>;
  forTeacher(teacherId: string, range: TimeRange): Promise<Lesson[]>;
}

import type { LessonView, TimeRange } from './LessonTypes.js';

export interface LessonServiceOptions {
  /** The school's offset from UTC in minutes. Default 420 (Vietnam, UTC+7). */
  utcOffsetMinutes?: number;
  /** Longest lesson. Default 240 minutes. */
  maxDurationMinutes?: number;
  /** How far ahead a lesson may be scheduled. Default 370 days (a school year and its summer). */
  maxDaysAhead?: number;
  /** Length of a lesson started now. Default 45 minutes (one period, tiet). */
  defaultDurationMinutes?: number;
  /** Default span of a timetable read without a range: from now, this many days. Default 14. */
  timetableDays?: number;
}

export interface ScheduleInput {
  classId: string;
  subjectId: string;
  /** Local date "YYYY-MM-DD". */
  date: string;
  /** Local time "HH:MM". */
  start: string;
  end: string;
  /** Default "<subject> – <class>". */
  title?: string;
  /** Optional lesson password (4 to 64 characters), stored hashed. */
  password?: string;
}

export interface StartNowInput {
  classId: string;
  subjectId: string;
  /** Default LessonServiceOptions.defaultDurationMinutes. */
  durationMinutes?: number;
  title?: string;
  password?: string;
}

/** A timetable line: the lesson with the names a student or parent needs to read it. */
export interface TimetableEntry {
  lesson: LessonView;
  className: string;
  subjectName: string;
  teacherName: string;
}

export type { TimeRange };

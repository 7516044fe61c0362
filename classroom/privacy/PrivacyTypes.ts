/**
 * Personal data of one student (R21): a complete export, and erasure on the school's decision
 * (a parent's request under Decree 13/2023, a student who leaves the school).
 */
import type { AuthEvent, PersonalDataAccess } from '../accounts/index.js';
import type { LeaveReason, ParticipationKind, StoredParticipationEvent } from '../attendance/index.js';

/** Rows removed by one erasure, per kind of record. */
export interface ErasedCounts {
  account: number;
  classMembership: number;
  parentLinks: number;
  sessions: number;
  loginThrottle: number;
  attendanceEvents: number;
  /** Live quiz answers (R8): part of the participation record. */
  liveQuizAnswers: number;
  authEvents: number;
  /** Handed-in work (every version), its files, grades, gradebook cells, score-log rows (issue 8). */
  submissions: number;
  uploads: number;
  grades: number;
  gradebookEntries: number;
  scoreChanges: number;
  /** The teacher's decisions about them in live lessons (removed, admitted, screen sharing). */
  liveRoomDecisions: number;
  /** Quiz and exam attempts, with their answers, grades and audit events. */
  examAttempts: number;
  /** Chat messages kept with recordings of lessons (issue 9). */
  recordedChat: number;
}

/** A student's school work (issue 8), for the export. Times in ms; the export writes them as ISO. */
export interface StudentSchoolWork {
  submissions: Array<{ assignmentId: string; assignmentTitle: string; version: number; text: string; submittedAt: number; late: boolean; files: Array<{ fileName: string; size: number | null; sha256: string | null; mediaType: string | null }> }>;
  grades: Array<{ assignmentId: string; scoreTenths: number | null; feedback: string; returnedAt: number | null; updatedAt: number }>;
  gradebook: Array<{ classId: string; subjectId: string; schoolYear: string; term: number; slot: string; scoreTenths: number | null; verdict: string | null; updatedAt: number }>;
}

/**
 * Reads and erasure across tables, for one person. The other stores page and cap their reads
 * (LogQuery); an export must be complete, so these read everything.
 */
export interface PersonalDataStore {
  /** Every participation event of the user in any lesson, oldest first. */
  attendanceOf(userId: string): Promise<StoredParticipationEvent[]>;
  /** Every auth event about the user: by id, or by what was typed as login (a code, a username). */
  authEventsOf(userId: string, logins: readonly string[]): Promise<AuthEvent[]>;
  /** Every recorded access to the user's data, oldest first. */
  accessesAbout(userId: string): Promise<PersonalDataAccess[]>;
  /**
   * Deletes a student's account and everything tied to it, all or nothing: class membership,
   * parent links, sessions, login throttle state, participation events, auth events (matched as
   * in authEventsOf). Leaves the personal-data audit log: it records what the school did (who
   * exported, who erased), names the student only by an opaque id, and must survive the
   * erasure it records. Resolves with zero counts for an unknown id or a non-student.
   */
  eraseStudent(studentId: string, logins: readonly string[]): Promise<ErasedCounts>;
  /** Everything the student handed in and every score they got. */
  schoolWorkOf(studentId: string): Promise<StudentSchoolWork>;
  /** Blob keys of the student's files: read before an erasure, deleted from the blob store after it commits. */
  blobKeysOf(studentId: string): Promise<string[]>;
}

/** One lesson the student took part in, with what happened and the totals computed from it. */
export interface ExportedLesson {
  lessonId: string;
  title: string;
  className: string | null;
  subjectName: string | null;
  scheduledStart: string;
  scheduledEnd: string;
  startedAt: string | null;
  endedAt: string | null;
  presentMinutes: number;
  cameraOnMinutes: number;
  micOnMinutes: number;
  handRaises: number;
  chatMessages: number;
  late: boolean;
  leftEarly: boolean;
  events: { at: string; kind: ParticipationKind; reason: LeaveReason | null }[];
  /** The student's live quiz answers in the lesson, as stored (R8). */
  quizAnswers: { at: string; quizId: string; answer: unknown; outcome: string }[];
}

/**
 * Everything the server stores about one student, in a self-describing JSON document
 * (times as ISO 8601 UTC). The password hash is left out: it is a credential, not information
 * about the person, and handing it out would only help someone guess the password.
 */
export interface StudentDataExport {
  format: 'classroom.student-data/v1';
  exportedAt: string;
  school: { id: string; name: string | null };
  student: {
    id: string;
    code: string | null;
    username: string | null;
    displayName: string;
    disabled: boolean;
    mustChangePassword: boolean;
    createdAt: string;
    updatedAt: string;
    passwordChangedAt: string | null;
  };
  class: { id: string; name: string } | null;
  parents: { id: string; displayName: string; username: string | null }[];
  lessons: ExportedLesson[];
  logins: { at: string; kind: AuthEvent['kind']; ip: string | null; userAgent: string | null; detail: string | null }[];
  accessLog: { at: string; actorId: string; action: PersonalDataAccess['action']; resource: string; ip: string | null }[];
  /** Handed-in work, grades, gradebook cells (scores in tenths, times ISO). */
  schoolWork: {
    submissions: Array<Omit<StudentSchoolWork['submissions'][number], 'submittedAt'> & { submittedAt: string }>;
    grades: Array<Omit<StudentSchoolWork['grades'][number], 'returnedAt' | 'updatedAt'> & { returnedAt: string | null; updatedAt: string }>;
    gradebook: Array<Omit<StudentSchoolWork['gradebook'][number], 'updatedAt'> & { updatedAt: string }>;
  };
  /** Quiz and exam attempts, oldest first, with answers, grades and audit events. */
  examAttempts: ExportedExamAttempt[];
  /** What the student wrote in the chat while lessons were recorded, kept with those recordings (issue 9). */
  recordedChat: { at: string; recordingId: string; text: string }[];
}

/**
 * One quiz or exam attempt of the student (R11, R21): the paper's seed, every answer as last
 * saved, the teacher's grades and feedback, the score, and the audit trail (every answer change
 * and event, with time, browser tab and IP). Times ISO.
 */
export interface ExportedExamAttempt {
  examId: string;
  examTitle: string;
  mode: string;
  classId: string;
  subjectId: string;
  attemptId: string;
  number: number;
  status: string;
  seed: string;
  startedAt: string;
  deadlineAt: string;
  finishedAt: string | null;
  points: number | null;
  maxPoints: number | null;
  score10: number | null;
  feedback: string;
  answers: Array<{ questionId: string; answer: unknown; seq: number; savedAt: string }>;
  manualGrades: Array<{ questionId: string; points: number; feedback: string; gradedBy: string; gradedAt: string }>;
  events: Array<{ at: string; kind: string; actorId: string; clientId: string; ip: string; data: Record<string, unknown> }>;
}

export interface ErasureReport {
  studentId: string;
  erased: ErasedCounts;
}

/**
 * Assignments (R10): a teacher gives a class (or chosen students) a task with a due time; each
 * student hands in text and files, as many versions as they like until the lock; the teacher
 * grades on the 10-point scale with feedback and returns it; the student (and their parents) see
 * the returned result. Scores are integer tenths (7.5 → 75) everywhere inside the domain.
 */

export interface Assignment {
  id: string;
  schoolId: string;
  classId: string;
  subjectId: string;
  /** The teacher who created it. Every teacher of the class + subject may grade it. */
  teacherId: string;
  title: string;
  /** Plain text with a small markup (paragraphs, **bold**, *italic*, lists, $math$): see instructions.ts. */
  instructions: string;
  openAt: number;
  dueAt: number;
  /** After dueAt: true → still accepted, marked late; false → locked. */
  acceptLate: boolean;
  /** Points (tenths) the teacher intends to take off late work; shown, never applied silently. */
  latePenaltyTenths: number;
  /** Empty: the whole class. Otherwise only these students. */
  studentIds: readonly string[];
  createdAt: number;
  updatedAt: number;
}

export interface Submission {
  id: string;
  assignmentId: string;
  studentId: string;
  /** 1, 2, 3… every hand-in is a new version; older ones are kept. */
  version: number;
  text: string;
  /** Upload ids of the files, in the order the student gave them. */
  fileIds: readonly string[];
  submittedAt: number;
  late: boolean;
}

export interface AssignmentGrade {
  assignmentId: string;
  studentId: string;
  /** 0..100 tenths, or null while only feedback has been typed. */
  scoreTenths: number | null;
  feedback: string;
  /** Set when the teacher returned the work: only then do the student and parents see it. */
  returnedAt: number | null;
  /** Optimistic concurrency: every save must name the revision it started from. */
  revision: number;
  gradedBy: string;
  updatedAt: number;
}

/** Where a student stands on one assignment, as lists show it. */
export type SubmissionState = 'not_open' | 'todo' | 'due_soon' | 'overdue' | 'handed_in' | 'late' | 'returned' | 'missing';

export interface AssignmentStore {
  create(a: Assignment): Promise<void>;
  update(a: Assignment): Promise<void>;
  get(id: string): Promise<Assignment | undefined>;
  /** Of a class + subject, by due time (newest first). */
  listForClass(classId: string, subjectId: string | null): Promise<Assignment[]>;
  /** Every assignment a student is given (their class's, for all or naming them), by due time. */
  listForStudent(studentId: string, classId: string): Promise<Assignment[]>;

  /** Inside a transaction: serializes the student's hand-ins (two never get the same version). */
  lockStudent(studentId: string): Promise<void>;
  addSubmission(s: Submission): Promise<void>;
  /** Every version of one student's work, oldest first. */
  submissionsOf(assignmentId: string, studentId: string): Promise<Submission[]>;
  /** The latest version of each student who handed in. */
  latestSubmissions(assignmentId: string): Promise<Submission[]>;
  /** Every version of every student (download of all work). */
  allSubmissions(assignmentId: string): Promise<Submission[]>;

  getGrade(assignmentId: string, studentId: string): Promise<AssignmentGrade | undefined>;
  gradesOf(assignmentId: string): Promise<AssignmentGrade[]>;
  /** Returned grades of a student, any assignment. */
  returnedGradesOf(studentId: string): Promise<AssignmentGrade[]>;
  /**
   * Writes a grade if its stored revision is `expectedRevision` (0: none stored yet); resolves
   * false on a mismatch (another teacher saved first) and writes nothing.
   */
  saveGrade(g: AssignmentGrade, expectedRevision: number): Promise<boolean>;
}

/**
 * Who may do what (R21: access only by role and class membership). The rules are pure
 * functions of an Actor (who is asking, with their memberships loaded) and a resource
 * reference (where the thing sits in the school structure); see policy.ts.
 */
import type { Role } from '../accounts/index.js';

export interface Actor {
  userId: string;
  role: Role;
  schoolId: string;
  /** Teachers: the class + subject pairs they teach. Empty for other roles. */
  teaches: readonly { classId: string; subjectId: string }[];
  /** Students: their class, if enrolled. Null for other roles. */
  classId: string | null;
  /** Parents: their children and each child's class. Empty for other roles. */
  children: readonly { studentId: string; classId: string | null }[];
  /** Staff duties (teachers and admins; art. 7.3): the principal, the subjects whose group they head. */
  duties: { principal: boolean; headOf: readonly string[] };
}

export interface SchoolRef {
  kind: 'school';
  schoolId: string;
}

export interface ClassRef {
  kind: 'class';
  schoolId: string;
  classId: string;
}

export interface ClassSubjectRef {
  kind: 'class_subject';
  schoolId: string;
  classId: string;
  subjectId: string;
}

export interface SubjectRef {
  kind: 'subject';
  schoolId: string;
  subjectId: string;
}

/** A question of the question bank (R16). */
export interface QuestionRef {
  kind: 'question';
  schoolId: string;
  subjectId: string;
  /** The teacher who owns it. */
  ownerId: string;
  /** Shared with the subject group: the school's teachers of `subjectId`. */
  shared: boolean;
}

export interface LessonRef {
  kind: 'lesson';
  schoolId: string;
  classId: string;
  subjectId: string;
  /** The teacher who scheduled the lesson. */
  teacherId: string;
}

export interface StudentRef {
  kind: 'student';
  schoolId: string;
  studentId: string;
  /** The student's class, or null when not enrolled. */
  classId: string | null;
}

export interface AssignmentRef {
  kind: 'assignment';
  schoolId: string;
  classId: string;
  subjectId: string;
  /** Empty: the whole class; otherwise only these students are given the assignment. */
  studentIds: readonly string[];
}

/** A material of the school's library (R9). */
export interface MaterialRef {
  kind: 'material';
  schoolId: string;
  subjectId: string;
  /** The teacher who made it (or imported it). */
  ownerId: string;
}

/** Every action, with the kind of resource it applies to. */
export interface ActionResources {
  /** Create grades, classes, subjects; assign teachers; link parents. */
  'school.manage': SchoolRef;
  /** Statistics of the school: periods taught per teacher, attendance summaries (R15). */
  'school.readReports': SchoolRef;
  /** The statistics of one's own teaching: the lessons one held, one's assignments (R15). */
  'statistics.readOwn': SchoolRef;
  'roster.import': SchoolRef;
  /** Reset passwords, disable accounts, create parent accounts. */
  'account.manage': SchoolRef;
  /** Read the auth event log and the personal-data audit log. */
  'audit.read': SchoolRef;
  /** Export the archive of teaching records (bundles per class and period) and put a retention hold on a lesson or recording (R17). */
  'archive.export': SchoolRef;
  /** Set the school's retention and automatic recording, and run retention's deletions (R17). */
  'archive.manage': SchoolRef;
  /** See the class, its subjects and teachers. */
  'class.read': ClassRef;
  /** Write an announcement to the class, its students and their parents (R19, R20). */
  'class.announce': ClassRef;
  /** See the students of the class with their ID codes (personal data). */
  'class.readRoster': ClassRef;
  /** See the class's timetable of online lessons (R19). */
  'timetable.read': ClassRef;
  'lesson.schedule': ClassSubjectRef;
  'lesson.read': LessonRef;
  /** Change or cancel the scheduled lesson. */
  'lesson.manage': LessonRef;
  /** Enter the live lesson as a participant (students still go through the lobby). */
  'lesson.join': LessonRef;
  /** Teacher powers in the live lesson: admit, mute, remove, breakout, end (R6, R7). */
  'lesson.host': LessonRef;
  /** The lesson's attendance table and its export (R8). */
  'attendance.read': LessonRef;
  /** One student's attendance and results (R14, R20). */
  'student.readRecord': StudentRef;
  /** Export or delete one student's data (R21). */
  'student.manageData': StudentRef;
  /** Write questions of this subject into one's own bank: its teachers (R16). */
  'question.author': SubjectRef;
  /** Read a bank question with its key: its owner, the subject group when shared, the admin. */
  'question.read': QuestionRef;
  /** Edit, share, archive a bank question: its owner only. */
  'question.manage': QuestionRef;
  /** Give a quiz or exam to a class, proctor it, grade it, release its results: the class + subject's teachers (R11). */
  'exam.manage': ClassSubjectRef;
  /** Take a quiz or exam given to a class: its students only (R11). */
  'exam.take': ClassRef;
  /** Give a class + subject an assignment (R10). */
  'assignment.create': ClassSubjectRef;
  /** See an assignment (its instructions and attachments). */
  'assignment.read': AssignmentRef;
  /** Change it, see and grade everyone's work, download all of it. */
  'assignment.manage': AssignmentRef;
  /** Hand in work for it. */
  'assignment.submit': AssignmentRef;
  /** The gradebook of a class + subject (R14, R15): read, export. */
  'gradebook.read': ClassSubjectRef;
  /** Type, fill, import scores of the gradebook. */
  'gradebook.edit': ClassSubjectRef;
  /** How a subject is assessed (by score with N regular assessments, or by comment). */
  'gradebook.configure': SchoolRef;
  /** Add materials of this subject to the library: its teachers (R9). */
  'material.author': SubjectRef;
  /** See a library material with its versions and approval history: its owner, the subject's teachers and head, the principal, the admin. */
  'material.read': MaterialRef;
  /** Edit a material (a new version) and submit it for approval: its owner. */
  'material.manage': MaterialRef;
  /** First approval step (art. 7.3): the head of the subject group. */
  'material.review': SubjectRef;
  /** Final approval step: the principal. */
  'material.approve': SchoolRef;
  /** Import a material shared by the ministry or the province as approved: the principal, the admin. */
  'material.import': SchoolRef;
  /** Give an approved material to a class, hand it out in a lesson: the class + subject's teachers. */
  'material.share': ClassSubjectRef;
  /** Open the approved materials given to a class: its students (R9). */
  'material.view': ClassRef;
  /** Who opened a class's materials, and remind those who did not (R12). */
  'material.readUsage': ClassSubjectRef;
  /** Read the questions and answers of a class + subject (R13): its students, its teachers of the subject; the admin and the principal read only. */
  'qa.read': ClassSubjectRef;
  /** Ask a question of a class + subject: its students. */
  'qa.ask': ClassSubjectRef;
  /** Answer a question: the class's students and its teachers of the subject. */
  'qa.answer': ClassSubjectRef;
  /** Accept an answer, hide a question or an answer, lock a thread: the class's teachers of the subject. */
  'qa.moderate': ClassSubjectRef;
}

export type Action = keyof ActionResources;
export type ResourceRef = ActionResources[Action];

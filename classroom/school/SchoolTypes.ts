/** School structure (R15, R18): schools, grades (khoi), classes (lop), subjects (mon). */

export interface School {
  id: string;
  name: string;
  createdAt: number;
}

/** A grade (khoi), e.g. "Khoi 10", level 10. */
export interface Grade {
  id: string;
  schoolId: string;
  name: string;
  /** 1..12 (secondary schools use 6..12); orders grades. */
  level: number;
}

/** A class (lop), e.g. "10A1". Its name is unique in its school (case-insensitive). */
export interface SchoolClass {
  id: string;
  schoolId: string;
  gradeId: string;
  name: string;
}

/** A subject (mon), e.g. "Toan". Unique name in its school (case-insensitive). */
export interface Subject {
  id: string;
  schoolId: string;
  name: string;
}

/** A teacher teaches a subject to a class. */
export interface TeachingAssignment {
  teacherId: string;
  classId: string;
  subjectId: string;
}

/** One student of a class as a report needs them. */
export interface RosterEntry {
  userId: string;
  code: string;
  displayName: string;
}

/**
 * A duty a staff member holds on top of their role (Circular 09/2021 art. 7.3): the principal
 * (hieu truong) approves materials, the head of a subject group (to truong chuyen mon) reviews
 * the subject's materials first.
 */
export type StaffDutyKind = 'principal' | 'subject_head';
export const STAFF_DUTY_KINDS: readonly StaffDutyKind[] = ['principal', 'subject_head'];

export interface StaffDuty {
  schoolId: string;
  userId: string;
  duty: StaffDutyKind;
  /** The subject of a subject head; '' for the principal. */
  subjectId: string;
}

/** The durable school structure. Writes that break uniqueness throw ConflictError. */
export interface SchoolDirectory {
  createSchool(school: School): Promise<void>;
  getSchool(id: string): Promise<School | undefined>;

  addGrade(grade: Grade): Promise<void>;
  listGrades(schoolId: string): Promise<Grade[]>;

  addClass(cls: SchoolClass): Promise<void>;
  getClass(id: string): Promise<SchoolClass | undefined>;
  /** Case- and spacing-insensitive ("10a1 " finds "10A1"). */
  findClassByName(schoolId: string, name: string): Promise<SchoolClass | undefined>;
  listClasses(schoolId: string): Promise<SchoolClass[]>;

  addSubject(subject: Subject): Promise<void>;
  getSubject(id: string): Promise<Subject | undefined>;
  findSubjectByName(schoolId: string, name: string): Promise<Subject | undefined>;
  listSubjects(schoolId: string): Promise<Subject[]>;

  /** Idempotent. */
  assignTeacher(assignment: TeachingAssignment): Promise<void>;
  unassignTeacher(assignment: TeachingAssignment): Promise<void>;
  /** Replaces all assignments of one teacher (roster import). */
  replaceAssignments(teacherId: string, assignments: readonly Omit<TeachingAssignment, 'teacherId'>[]): Promise<void>;
  assignmentsOfTeacher(teacherId: string): Promise<TeachingAssignment[]>;
  assignmentsOfClass(classId: string): Promise<TeachingAssignment[]>;
  teaches(teacherId: string, classId: string, subjectId: string): Promise<boolean>;

  /** Puts a student in a class, moving them out of their previous class. */
  enrol(studentId: string, classId: string): Promise<void>;
  classOfStudent(studentId: string): Promise<string | undefined>;
  /** Students of a class, in Vietnamese class-list order (given name, then full name). */
  rosterOfClass(classId: string): Promise<RosterEntry[]>;

  /** Idempotent. */
  linkParent(parentId: string, studentId: string): Promise<void>;
  childrenOf(parentId: string): Promise<string[]>;
  parentsOf(studentId: string): Promise<string[]>;

  /** Replaces every duty of one staff member (an empty list removes them all). */
  replaceDuties(schoolId: string, userId: string, duties: readonly Pick<StaffDuty, 'duty' | 'subjectId'>[]): Promise<void>;
  dutiesOf(userId: string): Promise<StaffDuty[]>;
  /** Every duty in a school, by duty then subject. */
  dutiesInSchool(schoolId: string): Promise<StaffDuty[]>;
}

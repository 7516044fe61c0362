/** The classroom services over one storage, built once in main.ts and shared by HTTP and WebSocket. */
import {
  AccountService,
  AssignmentService,
  GradebookService,
  resultSourceFrom,
  type ResultSource,
  Grading,
  StudentResults,
  UploadService,
  type AssignmentLimits,
  Argon2PasswordHasher,
  AttendanceService,
  AuditLogReader,
  BankImages,
  BoundedHasher,
  ExamCore,
  ExamLive,
  ExamProctor,
  ExamReport,
  ExamResults,
  ExamService,
  ExamTaking,
  LessonService,
  QuestionBank,
  QuestionImport,
  RosterImport,
  SchoolService,
  SessionService,
  StudentDataService,
  StatisticsService,
  ParentService,
  ParentImport,
  ClassQa,
  type QaNotified,
  type HashingLimits,
  MaterialAccess,
  MaterialLibrary,
  type MaterialLimits,
  type PasswordHasher,
  type Storage,
  ArchiveService,
  Retention,
} from '../classroom/index.js';
import type { BlobStore, Clock } from '../platform/index.js';

export interface Services {
  storage: Storage;
  /** Where files live (handed-in work, bank images, materials): docs/files.md. */
  blobs: BlobStore;
  hasher: PasswordHasher;
  sessions: SessionService;
  accounts: AccountService;
  schools: SchoolService;
  roster: RosterImport;
  lessons: LessonService;
  attendance: AttendanceService;
  studentData: StudentDataService;
  audit: AuditLogReader;
  /** The question bank (R16): questions, their pictures, import and export. */
  questionBank: QuestionBank;
  bankImages: BankImages;
  questionImport: QuestionImport;
  /** Issue 8: uploads, assignments and their grading, the gradebook, a student's results. */
  uploads: UploadService;
  assignments: AssignmentService;
  grading: Grading;
  gradebook: GradebookService;
  results: StudentResults;
  /** Assigned quizzes and exams (R11): the teacher's side, the student's, the proctor's, and the results seam. */
  exams: ExamService;
  examTaking: ExamTaking;
  examProctor: ExamProctor;
  /** Exams bound to a live lesson as its room shows them (classroom/examWatch), and their activity. */
  examLive: ExamLive;
  examCore: ExamCore;
  /** The teacher's results page: every attempt per student, the regrades, the paper with its keys. */
  examReport: ExamReport;
  /** What the gradebook and progress pages read (classroom/assessment AssessmentResults). */
  examResults: ExamResults;
  /** The school's statistics (R15): per grade, class, subject and teacher, from stored events. */
  statistics: StatisticsService;
  /** Materials (R9, R12): the library and its approval; classes' materials and their use. */
  materials: MaterialLibrary;
  materialAccess: MaterialAccess;
  /** What parents follow of their children, class announcements (R19, R20). */
  parents: ParentService;
  /** Parent accounts from a CSV file. */
  parentImport: ParentImport;
  /** The archive of teaching records (R17): bundles, archive settings, holds; and retention's deletions. */
  archive: ArchiveService;
  retention: Retention;
  /** Questions and answers of a class + subject between lessons (R13). */
  classQa: ClassQa;
}

export interface ServicesOptions {
  /** A gap in presence this short counts as continuous (matches the live room's grace). */
  reconnectGraceMs: number;
  /** The blob store chosen in main.ts (DiskBlobStore under `<dataDir>/blobs` by default). */
  blobs: BlobStore;
  /** Limits of submissions and attachments (config `assignments`). */
  assignmentLimits?: Partial<AssignmentLimits>;
  /** Limits of materials (config `materials`). */
  materialLimits?: Partial<MaterialLimits>;
  /** Bound on password hashing (logins, lesson passwords, imports). Default: defaultHashingLimits(). */
  hashing?: HashingLimits;
  /** The recordings folder, whose segment folders retention deletes; undefined when the server does not record. */
  recordingsDirectory?: string;
  /** Told when an archive bundle was queued (the archive queue, made after the services, takes it at once). */
  archiveQueued?: () => void;
  /** Told when class Q&A notifications were stored (the pushes to open pages, made after the services). */
  qaNotified?: (n: QaNotified) => void;
}

export function createServices(storage: Storage, clock: Clock, options: ServicesOptions): Services {
  const hasher = new BoundedHasher(new Argon2PasswordHasher(), options.hashing);
  const sessions = new SessionService(storage, clock);
  const bankImages = new BankImages(storage, options.blobs, { clock });
  const questionBank = new QuestionBank(storage, { clock, images: bankImages });
  let uploads: UploadService | undefined;
  const assignments = new AssignmentService(storage, { clock, uploads: () => uploads! }, options.assignmentLimits);
  const materials = new MaterialLibrary(storage, { clock, uploads: () => uploads! }, options.materialLimits);
  uploads = new UploadService(storage, { blobs: options.blobs, clock, policies: { ...assignments.uploadPolicies(), material: materials.uploadPolicy() } });
  // One ExamCore (one cache of question versions) for the exam routes and for the quiz and
  // exam scores the gradebook and a student's results read (classroom/gradebook ResultSource.ts).
  const examCore = new ExamCore(storage, { clock });
  const examResults = new ExamResults(examCore);
  const quizScores: ResultSource = resultSourceFrom(examResults, clock);
  return {
    storage,
    blobs: options.blobs,
    hasher,
    sessions,
    accounts: new AccountService(storage, { clock, hasher, sessions }),
    schools: new SchoolService(storage, { clock, hasher }),
    roster: new RosterImport(storage, { clock, hasher }),
    lessons: new LessonService(storage, { clock, hasher }),
    attendance: new AttendanceService(storage, { clock }, { reconnectGraceMs: options.reconnectGraceMs }),
    studentData: new StudentDataService(storage, { clock, blobs: options.blobs }, { reconnectGraceMs: options.reconnectGraceMs }),
    audit: new AuditLogReader(storage, { clock }),
    questionBank,
    bankImages,
    questionImport: new QuestionImport({ bank: questionBank, images: bankImages }),
    uploads,
    assignments,
    grading: new Grading(storage, { clock }),
    gradebook: new GradebookService(storage, { clock, results: quizScores }),
    results: new StudentResults(storage, { clock, results: quizScores }),
    exams: new ExamService(examCore, questionBank),
    examTaking: new ExamTaking(examCore),
    examProctor: new ExamProctor(examCore),
    examLive: new ExamLive(examCore),
    examCore,
    examReport: new ExamReport(examCore),
    examResults,
    statistics: new StatisticsService(storage, { clock }),
    materials,
    materialAccess: new MaterialAccess(storage, { clock }),
    parents: new ParentService(storage, { clock, reconnectGraceMs: options.reconnectGraceMs }),
    parentImport: new ParentImport(storage, { clock, hasher }),
    archive: new ArchiveService(storage, { clock, queued: () => options.archiveQueued?.() }),
    retention: new Retention({ storage, blobs: options.blobs, clock, recordingsDirectory: options.recordingsDirectory }),
    classQa: new ClassQa(storage, { clock, blobs: options.blobs, notified: (n) => options.qaNotified?.(n) }),
  };
}

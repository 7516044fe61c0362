/** The storage of the classroom domain: every store, over one database, chosen by config. */
import { z } from 'zod';
import type { AccountStore, AuthEventLog, LoginThrottleStore, PersonalDataAuditLog, SessionStore } from '../accounts/index.js';
import type { AssignmentStore } from '../assignments/index.js';
import type { AttendanceStore, LessonLivenessStore } from '../attendance/index.js';
import type { UploadStore } from '../files/index.js';
import type { GradebookStore } from '../gradebook/index.js';
import type { RoomDecisionStore } from '../liveRoom/index.js';
import type { LiveQuizStore } from '../liveQuiz/index.js';
import type { MaterialStore, MaterialUsageStore } from '../materials/index.js';
import type { RecordingStore } from '../recording/index.js';
import type { ArchiveStore } from '../archive/index.js';
import type { LessonQuestionStore } from '../questions/index.js';
import type { ClassQaStore } from '../classQa/index.js';
import type { RecordedChatStore } from '../playback/index.js';
import type { LessonStore } from '../timetable/index.js';
import type { PersonalDataStore } from '../privacy/index.js';
import type { QuestionBankStore } from '../questionBank/index.js';
import type { ExamStore } from '../exams/index.js';
import type { SchoolDirectory } from '../school/index.js';
import type { StatisticsStore } from '../statistics/index.js';
import type { ParentStore } from '../parents/index.js';
import type { Database, Engine } from './DatabaseTypes.js';

/** Every store; inside `Storage.transaction` they all write in that one transaction. */
export interface StoreSet {
  schools: SchoolDirectory;
  accounts: AccountStore;
  sessions: SessionStore;
  loginThrottle: LoginThrottleStore;
  authEvents: AuthEventLog;
  personalDataAudit: PersonalDataAuditLog;
  lessons: LessonStore;
  attendance: AttendanceStore;
  /** Which node hosts which live lesson, and since when it was last known alive. */
  liveness: LessonLivenessStore;
  /** Complete reads and erasure of one person's data (R21). */
  personalData: PersonalDataStore;
  /** Questions of the question bank and their versions (R16). */
  questionBank: QuestionBankStore;
  /** Assigned quizzes and exams: attempts, answers, the audit trail (R11). */
  exams: ExamStore;
  /** Files sent through resumable uploads (issue 8). */
  uploads: UploadStore;
  /** Assignments, every version handed in, grades, and the log of score changes (R10). */
  assignments: AssignmentStore;
  /** The gradebook of Circular 22/2021 (R14, R15). */
  gradebook: GradebookStore;
  /** The teacher's decisions in live lessons that outlive a connection (removals, lock, lobby, screen sharing). */
  roomDecisions: RoomDecisionStore;
  /** Live quizzes of lessons and their answers (R2, R8, R11). */
  liveQuiz: LiveQuizStore;
  /** Aggregate reads of lessons, attendance and assignments for the school's statistics (R15). */
  statistics: StatisticsStore;
  /** The materials library, its versions and approval steps, the classes given each (R9). */
  materials: MaterialStore;
  /** Students' openings of materials and the teachers' reminders (R12). */
  materialUsage: MaterialUsageStore;
  /** Class announcements and a child's joins and leaves, for the parents' page (R19, R20). */
  parents: ParentStore;
  /** Recordings of lessons, their segments, post-processing jobs and viewings (R5, R12, R17). */
  recordings: RecordingStore;
  /** The questions panels of live lessons (R13). */
  lessonQuestions: LessonQuestionStore;
  /** The school's archive settings, export bundles, retention holds and deletes (R17). */
  archive: ArchiveStore;
  /** Questions and answers of a class + subject between lessons, and their notifications (R13). */
  classQa: ClassQaStore;
  /** Chat messages sent while a lesson was recorded, kept with the recording (issue 9). */
  recordedChat: RecordedChatStore;
}

export interface Storage extends StoreSet {
  readonly engine: Engine;
  /** The underlying database, for health checks and tools; domain code uses the stores. */
  readonly db: Database;
  readonly closed: boolean;
  /** Runs `fn` with stores bound to one transaction: all its writes commit together or none. */
  transaction<T>(fn: (stores: StoreSet) => Promise<T>): Promise<T>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The `storage` section of the server config. Embed it in the app schema as
 * `storage: storageConfigSchema.prefault({})`.
 */
export const storageConfigSchema = z
  .object({
    /** 'sqlite' (default): one file, no external service. 'postgres': for several nodes. */
    engine: z.enum(['sqlite', 'postgres']).default('sqlite'),
    sqlite: z
      .object({
        /**
         * Folder of the database file, created if missing. Default: the app's data folder
         * (OpenStorageOptions.defaultDataDir), else "data".
         */
        dataDir: z.string().min(1).optional(),
        /** Default "classroom.sqlite". */
        fileName: z.string().min(1).default('classroom.sqlite'),
        /** See SqliteOptions.synchronous. Default "full". */
        synchronous: z.enum(['full', 'normal']).default('full'),
        /** Default 5000. */
        busyTimeoutMs: z.number().int().min(0).default(5000),
      })
      .strict()
      .prefault({}),
    postgres: z
      .object({
        /** Required when engine is "postgres". */
        connectionString: z.string().min(1).optional(),
        /** Default "public". */
        schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('public'),
        /** Default 10. */
        poolSize: z.number().int().min(1).max(200).default(10),
        /** Default 30000. */
        statementTimeoutMs: z.number().int().min(100).default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type StorageConfig = z.output<typeof storageConfigSchema>;
/** What callers may pass: every field optional, defaults filled in by the schema. */
export type StorageConfigInput = z.input<typeof storageConfigSchema>;

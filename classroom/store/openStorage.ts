import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError, type Logger } from '../../platform/index.js';
import { SqlAccountStore } from '../accounts/index.js';
import { SqlLoginThrottleStore } from '../accounts/index.js';
import { SqlSessionStore } from '../accounts/index.js';
import { SqlAuthEventLog, SqlPersonalDataAuditLog } from '../accounts/index.js';
import { GroupCommitAuthEventLog, GroupCommitLoginThrottle } from '../accounts/index.js';
import { GroupCommitAttendanceStore } from '../attendance/index.js';
import { SqlAttendanceStore, SqlLessonLiveness } from '../attendance/index.js';
import { SqlLiveQuizStore } from '../liveQuiz/index.js';
import { SqlMaterialStore, SqlMaterialUsageStore } from '../materials/index.js';
import { SqlRecordingStore } from '../recording/index.js';
import { SqlArchiveStore } from '../archive/index.js';
import { SqlLessonQuestionStore } from '../questions/index.js';
import { SqlClassQaStore } from '../classQa/index.js';
import { SqlRecordedChatStore } from '../playback/index.js';
import { SqlLessonStore } from '../timetable/index.js';
import { SqlRoomDecisionStore } from '../liveRoom/index.js';
import { SqlPersonalDataStore } from '../privacy/index.js';
import { SqlQuestionBankStore } from '../questionBank/index.js';
import { SqlExamStore } from '../exams/index.js';
import { SqlSchoolDirectory } from '../school/index.js';
import { SqlAssignmentStore } from '../assignments/index.js';
import { SqlUploadStore } from '../files/index.js';
import { SqlGradebookStore } from '../gradebook/index.js';
import { SqlStatisticsStore } from '../statistics/index.js';
import { SqlParentStore } from '../parents/index.js';
import type { Database, Engine, Queryable } from './DatabaseTypes.js';
import { migrate } from './migrations.js';
import { PostgresDatabase } from './PostgresDatabase.js';
import { MIGRATIONS } from './schema.js';
import { SqliteDatabase } from './SqliteDatabase.js';
import { SqliteReadWorker } from './SqliteReadWorker.js';
import { storageConfigSchema, type Storage, type StorageConfigInput, type StoreSet } from './StorageTypes.js';

export interface OpenStorageOptions extends StorageOverOptions {
  /** Folder of the SQLite file when `sqlite.dataDir` is not set (the app's data folder). Default "data". */
  defaultDataDir?: string;
}

export interface StorageOverOptions {
  /**
   * Least time between two commits of sign-in records (auth events, throttle counters) under
   * a steady stream of them. Default 100 ms: a sign-in answer may wait a tenth of a second
   * during a flood, and the flood costs at most ten fsyncs a second (on SQLite each holds the
   * event loop, and with it the live lessons). 0 for unit tests of the sign-in rules.
   */
  signInCommitIntervalMs?: number;
  /** Refused sign-in attempts are merged and written this often (AuthEventLog.recordRefusal). Default 5000 ms. */
  refusalFlushMs?: number;
  /** Receives connection-level warnings, and writes that failed with nobody waiting for them. Default: none. */
  logger?: Logger;
}

/**
 * Opens the configured database and brings its schema up to date. Throws a ValidationError for
 * a config that cannot work, and a MigrationError for a database this server must not touch.
 */
export async function openStorage(input: StorageConfigInput = {}, options: OpenStorageOptions = {}): Promise<Storage> {
  const parsed = storageConfigSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(`Invalid storage config: ${parsed.error.message}`);
  const config = parsed.data;
  let db: Database;
  if (config.engine === 'postgres') {
    const { connectionString, ...rest } = config.postgres;
    if (!connectionString) throw new ValidationError('storage.postgres.connectionString is required when storage.engine is "postgres"');
    const pg = new PostgresDatabase({ connectionString, ...rest, ...(options.logger ? { logger: options.logger } : {}) });
    db = pg;
    await runOrClose(db, () => pg.ensureSchema());
  } else {
    const dir = config.sqlite.dataDir ?? options.defaultDataDir ?? 'data';
    // Owner-only: the file holds personal data of minors (R21).
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    db = new SqliteDatabase({
      file: join(dir, config.sqlite.fileName),
      synchronous: config.sqlite.synchronous,
      busyTimeoutMs: config.sqlite.busyTimeoutMs,
    });
  }
  await runOrClose(db, () => migrate(db, MIGRATIONS));
  return storageOver(db, options);
}

/** Storage over an already open and migrated database (tests, tools). */
export function storageOver(db: Database, options: StorageOverOptions = {}): Storage {
  // Reports of a whole school read off the event loop on SQLite (SqliteReadWorker); PostgreSQL's
  // driver is asynchronous already.
  const reports = db instanceof SqliteDatabase && db.file !== ':memory:' ? new SqliteReadWorker({ file: db.file }) : undefined;
  const attendance = new GroupCommitAttendanceStore(new SqlAttendanceStore(db));
  const interval = options.signInCommitIntervalMs ?? 100;
  const authEvents = new GroupCommitAuthEventLog(db, {
    commitIntervalMs: interval,
    refusalFlushMs: options.refusalFlushMs,
    onError: (err) => options.logger?.error({ err }, 'refused sign-in attempts could NOT be recorded'),
  });
  // Counting an attempt comes before its answer (and before its password check): a shorter wait.
  const loginThrottle = new GroupCommitLoginThrottle(db, Math.min(interval, 20));
  return {
    ...storesOver(db, db.engine, reports),
    attendance,
    authEvents,
    loginThrottle,
    engine: db.engine,
    db,
    get closed() {
      return db.closed;
    },
    transaction: (fn) => db.transaction((tx) => fn(storesOver(tx, db.engine))),
    close: async () => {
      await Promise.all([attendance.drain(), authEvents.drain(), loginThrottle.drain()]);
      await reports?.close();
      await db.close();
    },
  };
}

function storesOver(q: Queryable, engine: Engine, reports?: Queryable): StoreSet {
  return {
    schools: new SqlSchoolDirectory(q),
    accounts: new SqlAccountStore(q),
    sessions: new SqlSessionStore(q),
    loginThrottle: new SqlLoginThrottleStore(q),
    authEvents: new SqlAuthEventLog(q),
    personalDataAudit: new SqlPersonalDataAuditLog(q),
    lessons: new SqlLessonStore(q),
    attendance: new SqlAttendanceStore(q),
    liveness: new SqlLessonLiveness(q),
    personalData: new SqlPersonalDataStore(q),
    questionBank: new SqlQuestionBankStore(q),
    exams: new SqlExamStore(q),
    uploads: new SqlUploadStore(q),
    assignments: new SqlAssignmentStore(q),
    gradebook: new SqlGradebookStore(q),
    roomDecisions: new SqlRoomDecisionStore(q),
    liveQuiz: new SqlLiveQuizStore(q),
    statistics: new SqlStatisticsStore(q, engine, reports),
    materials: new SqlMaterialStore(q),
    materialUsage: new SqlMaterialUsageStore(q),
    parents: new SqlParentStore(q),
    recordings: new SqlRecordingStore(q),
    lessonQuestions: new SqlLessonQuestionStore(q),
    archive: new SqlArchiveStore(q),
    classQa: new SqlClassQaStore(q),
    recordedChat: new SqlRecordedChatStore(q),
  };
}

async function runOrClose<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

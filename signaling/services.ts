/** The classroom services over one storage, built once in main.ts and shared by HTTP and WebSocket. */
import {
  AccountService,
  Argon2PasswordHasher,
  AttendanceService,
  AuditLogReader,
  BankImages,
  LessonService,
  QuestionBank,
  QuestionImport,
  RosterImport,
  SchoolService,
  SessionService,
  StudentDataService,
  type PasswordHasher,
  type Storage,
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
}

export interface ServicesOptions {
  /** A gap in presence this short counts as continuous (matches the live room's grace). */
  reconnectGraceMs: number;
  /** The blob store chosen in main.ts (DiskBlobStore under `<dataDir>/blobs` by default). */
  blobs: BlobStore;
}

export function createServices(storage: Storage, clock: Clock, options: ServicesOptions): Services {
  const hasher = new Argon2PasswordHasher();
  const sessions = new SessionService(storage, clock);
  const bankImages = new BankImages(storage, options.blobs, { clock });
  const questionBank = new QuestionBank(storage, { clock, images: bankImages });
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
  };
}

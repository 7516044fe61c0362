/**
 * Giving assignments and handing in work (R10). Grading is in Grading.ts; the files themselves
 * arrive through the upload service (../files), admitted by `uploadPolicies` below.
 */
import { ConflictError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import { assertCan, can, type Actor, type AssignmentRef } from '../authz/index.js';
import { isStored, type StoredFile, type UploadLimits, type UploadPolicy, type UploadPurpose, type UploadService } from '../files/index.js';
import type { Storage } from '../store/index.js';
import type { RosterEntry } from '../school/index.js';
import { localToEpochMs, VIETNAM_UTC_OFFSET_MINUTES } from '../timetable/index.js';
import type { Assignment, Submission, SubmissionState } from './AssignmentTypes.js';
import { cleanInstructions, cleanText, cleanTitle } from './texts.js';

export interface AssignmentLimits {
  /** Largest file of a submission or an attachment. Default 50 MiB. */
  maxFileBytes: number;
  /** Largest total of one submission's files. Default 100 MiB. */
  maxSubmissionBytes: number;
  /** Most files in one submission. Default 20. */
  maxFilesPerSubmission: number;
}

export const DEFAULT_ASSIGNMENT_LIMITS: AssignmentLimits = { maxFileBytes: 50 * 1024 * 1024, maxSubmissionBytes: 100 * 1024 * 1024, maxFilesPerSubmission: 20 };

/** Local date + time as people type them (school time, UTC+7). */
export interface LocalTime {
  date: string;
  time: string;
}

export interface AssignmentInput {
  classId: string;
  subjectId: string;
  title: string;
  instructions: string;
  /** Default: now. */
  open?: LocalTime;
  due: LocalTime;
  acceptLate: boolean;
  /** Points (tenths) announced for late work. Default 0. */
  latePenaltyTenths?: number;
  /** Default: the whole class. */
  studentIds?: readonly string[];
}

/** "Due soon" on a student's list: due within this long. */
const DUE_SOON_MS = 48 * 3_600_000;

export function assignmentRef(a: Pick<Assignment, 'schoolId' | 'classId' | 'subjectId' | 'studentIds'>): AssignmentRef {
  return { kind: 'assignment', schoolId: a.schoolId, classId: a.classId, subjectId: a.subjectId, studentIds: a.studentIds };
}

/** Where a student stands: from the assignment's times, their latest version and whether it was returned. */
export function submissionState(a: Assignment, latest: Submission | undefined, returned: boolean, now: number): SubmissionState {
  if (returned) return 'returned';
  if (latest) return latest.late ? 'late' : 'handed_in';
  if (now < a.openAt) return 'not_open';
  if (now > a.dueAt) return a.acceptLate ? 'overdue' : 'missing';
  return a.dueAt - now <= DUE_SOON_MS ? 'due_soon' : 'todo';
}

export class AssignmentService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #uploads: () => UploadService;
  readonly #limits: AssignmentLimits;

  /** `uploads` is a getter: the upload service is built with this service's upload policies. */
  constructor(storage: Storage, deps: { clock: Clock; uploads: () => UploadService }, limits: Partial<AssignmentLimits> = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#uploads = deps.uploads;
    this.#limits = { ...DEFAULT_ASSIGNMENT_LIMITS, ...limits };
  }

  get limits(): AssignmentLimits {
    return this.#limits;
  }

  /** A teacher of the class + subject gives an assignment (to the class, or to chosen students of it). */
  async create(actor: Actor, input: AssignmentInput): Promise<Assignment> {
    const cls = await this.#storage.schools.getClass(input.classId);
    if (!cls) throw new NotFoundError('No such class');
    assertCan(actor, 'assignment.create', { kind: 'class_subject', schoolId: cls.schoolId, classId: cls.id, subjectId: input.subjectId });
    const now = this.#clock.now();
    const a: Assignment = { id: newId('asg'), schoolId: cls.schoolId, teacherId: actor.userId, createdAt: now, updatedAt: now, ...(await this.#fields(input, now)) };
    await this.#storage.assignments.create(a);
    return a;
  }

  /** The class list, for a teacher of the class + subject choosing whom to give an assignment to. */
  async studentsFor(actor: Actor, classId: string, subjectId: string): Promise<RosterEntry[]> {
    const cls = await this.#storage.schools.getClass(classId);
    if (!cls) throw new NotFoundError('No such class');
    assertCan(actor, 'assignment.create', { kind: 'class_subject', schoolId: cls.schoolId, classId: cls.id, subjectId });
    return this.#storage.schools.rosterOfClass(classId);
  }

  /** Changes an assignment (its teachers). Handed-in work is kept whatever the new times say. */
  async update(actor: Actor, id: string, input: Omit<AssignmentInput, 'classId' | 'subjectId'>): Promise<Assignment> {
    const current = await this.require(id);
    assertCan(actor, 'assignment.manage', assignmentRef(current));
    const now = this.#clock.now();
    const open = input.open ?? null;
    // Pictures in the instructions are the assignment's own image attachments ([img:<file id>]).
    const images = new Set((await this.#storage.uploads.filesOf(current.id, 'attachment')).filter((f) => isStored(f) && f.mediaType.startsWith('image/')).map((f) => f.id));
    const fields = await this.#fields({ ...input, classId: current.classId, subjectId: current.subjectId }, now, open ? undefined : current.openAt, images);
    const a: Assignment = { ...current, ...fields, updatedAt: now };
    await this.#storage.assignments.update(a);
    return a;
  }

  async #fields(input: AssignmentInput, now: number, keepOpenAt?: number, images: ReadonlySet<string> = new Set()) {
    const openAt = input.open ? localToEpochMs(input.open.date, input.open.time, VIETNAM_UTC_OFFSET_MINUTES) : (keepOpenAt ?? now);
    const dueAt = localToEpochMs(input.due.date, input.due.time, VIETNAM_UTC_OFFSET_MINUTES);
    if (dueAt <= openAt) throw new ValidationError('The due time must come after the opening time', { details: { reason: 'due_before_open' } });
    const penalty = input.latePenaltyTenths ?? 0;
    if (!Number.isInteger(penalty) || penalty < 0 || penalty > 100) throw new ValidationError('The late penalty is 0 to 10 points', { details: { reason: 'late_penalty' } });
    const studentIds = [...new Set(input.studentIds ?? [])];
    if (studentIds.length > 0) {
      const roster = new Set((await this.#storage.schools.rosterOfClass(input.classId)).map((r) => r.userId));
      if (!studentIds.every((s) => roster.has(s))) throw new ValidationError('Every chosen student must be in the class', { details: { reason: 'student_not_in_class' } });
    }
    return {
      classId: input.classId,
      subjectId: input.subjectId,
      title: cleanTitle(input.title),
      instructions: cleanInstructions(input.instructions, images),
      openAt,
      dueAt,
      acceptLate: input.acceptLate,
      latePenaltyTenths: penalty,
      studentIds: studentIds.sort(),
    };
  }

  async require(id: string): Promise<Assignment> {
    const a = await this.#storage.assignments.get(id);
    if (!a) throw new NotFoundError('No such assignment');
    return a;
  }

  /** The assignment for someone who may read it; students and parents only once it is open. */
  async getFor(actor: Actor, id: string): Promise<{ assignment: Assignment; attachments: StoredFile[] }> {
    const a = await this.require(id);
    assertCan(actor, 'assignment.read', assignmentRef(a));
    if ((actor.role === 'student' || actor.role === 'parent') && this.#clock.now() < a.openAt) throw new NotFoundError('No such assignment');
    return { assignment: a, attachments: await this.#storage.uploads.filesOf(a.id, 'attachment') };
  }

  /** A class + subject's assignments, for its teachers (and the admin). */
  async listForClass(actor: Actor, classId: string, subjectId: string): Promise<Assignment[]> {
    const cls = await this.#storage.schools.getClass(classId);
    if (!cls) throw new NotFoundError('No such class');
    assertCan(actor, 'gradebook.read', { kind: 'class_subject', schoolId: cls.schoolId, classId, subjectId });
    return this.#storage.assignments.listForClass(classId, subjectId);
  }

  /**
   * A student's assignments (their own, or their child's for a parent), open ones only, with
   * where the student stands on each.
   */
  async listForStudent(actor: Actor, studentId: string): Promise<Array<{ assignment: Assignment; state: SubmissionState; latest: Submission | undefined; returnedScore: number | null }>> {
    const student = await this.#storage.accounts.get(studentId);
    const classId = student ? await this.#storage.schools.classOfStudent(studentId) : undefined;
    if (!student || student.role !== 'student') throw new NotFoundError('No such student');
    assertCan(actor, 'student.readRecord', { kind: 'student', schoolId: student.schoolId, studentId, classId: classId ?? null });
    if (!classId) return [];
    const now = this.#clock.now();
    const list = (await this.#storage.assignments.listForStudent(studentId, classId)).filter((a) => a.openAt <= now);
    const grades = new Map((await this.#storage.assignments.returnedGradesOf(studentId)).map((g) => [g.assignmentId, g]));
    return Promise.all(
      list.map(async (assignment) => {
        const versions = await this.#storage.assignments.submissionsOf(assignment.id, studentId);
        const latest = versions.at(-1);
        const grade = grades.get(assignment.id);
        return { assignment, latest, state: submissionState(assignment, latest, grade !== undefined, now), returnedScore: grade?.scoreTenths ?? null };
      }),
    );
  }

  /**
   * A student hands in text and files, as a new version (older ones are kept). Refused before
   * the opening, after the due time unless late work is accepted (CONFLICT, reason "locked"),
   * with files that are not the student's own finished uploads for this assignment, or over the
   * limits. Nothing is stored when it throws.
   */
  async handIn(actor: Actor, id: string, input: { text: string; fileIds: readonly string[] }): Promise<Submission> {
    const a = await this.require(id);
    assertCan(actor, 'assignment.submit', assignmentRef(a));
    const now = this.#clock.now();
    const late = this.#checkOpen(a, now);
    const text = cleanText(input.text, 10_000);
    const fileIds = [...new Set(input.fileIds)];
    if (fileIds.length !== input.fileIds.length) throw new ValidationError('A file is listed twice', { details: { reason: 'duplicate_file' } });
    if (fileIds.length > this.#limits.maxFilesPerSubmission) throw new ValidationError(`At most ${this.#limits.maxFilesPerSubmission} files`, { details: { reason: 'too_many_files' } });
    if (text === '' && fileIds.length === 0) throw new ValidationError('Write something or add a file', { details: { reason: 'empty' } });
    const files = await this.#uploads().storedFilesOf(actor.userId, fileIds);
    if (files.some((f) => f.purpose !== 'submission' || f.targetId !== a.id)) throw new ValidationError('A file was sent for another assignment', { details: { reason: 'file_target' } });
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > this.#limits.maxSubmissionBytes) {
      throw new ValidationError('The files are too large together', { details: { reason: 'submission_too_large', limit: this.#limits.maxSubmissionBytes } });
    }
    return this.#storage.transaction(async (tx) => {
      await tx.assignments.lockStudent(actor.userId);
      const versions = await tx.assignments.submissionsOf(a.id, actor.userId);
      const s: Submission = { id: newId('sub'), assignmentId: a.id, studentId: actor.userId, version: (versions.at(-1)?.version ?? 0) + 1, text, fileIds, submittedAt: now, late };
      await tx.assignments.addSubmission(s);
      return s;
    });
  }

  /** Throws unless work may be handed in now; resolves with whether it is late. */
  #checkOpen(a: Assignment, now: number): boolean {
    if (now < a.openAt) throw new ConflictError('This assignment is not open yet', 'CONFLICT', { details: { reason: 'not_open' } });
    const late = now > a.dueAt;
    if (late && !a.acceptLate) throw new ConflictError('The due time has passed: this assignment no longer accepts work', 'CONFLICT', { details: { reason: 'locked' } });
    return late;
  }

  /** Who may send which files, for the upload service. */
  uploadPolicies(): Record<Exclude<UploadPurpose, 'material'>, UploadPolicy> {
    const limits = (a: Assignment): UploadLimits => ({ schoolId: a.schoolId, maxFileBytes: this.#limits.maxFileBytes, maxPendingBytes: this.#limits.maxSubmissionBytes });
    return {
      submission: {
        admit: async (actor, targetId) => {
          const a = await this.require(targetId);
          assertCan(actor, 'assignment.submit', assignmentRef(a));
          this.#checkOpen(a, this.#clock.now());
          return limits(a);
        },
      },
      attachment: {
        admit: async (actor, targetId) => {
          const a = await this.require(targetId);
          assertCan(actor, 'assignment.manage', assignmentRef(a));
          return { ...limits(a), maxPendingBytes: this.#limits.maxSubmissionBytes };
        },
      },
    };
  }

  /** Takes an attachment off an assignment (its teachers). Resolves with the blob to delete. */
  async removeAttachment(actor: Actor, id: string, fileId: string): Promise<string> {
    const a = await this.require(id);
    assertCan(actor, 'assignment.manage', assignmentRef(a));
    const f = await this.#storage.uploads.get(fileId);
    if (!f || f.purpose !== 'attachment' || f.targetId !== a.id || !isStored(f)) throw new NotFoundError('No such attachment');
    await this.#storage.uploads.markRemoved(fileId, this.#clock.now());
    return f.blobKey;
  }

  /**
   * A stored file for someone who may read it: an attachment for whoever may read its
   * assignment; handed-in work for its author, the teachers of the class + subject, the admin,
   * and the author's parents. Anyone else is told it does not exist.
   */
  async fileFor(actor: Actor, fileId: string): Promise<StoredFile> {
    const f = await this.#storage.uploads.get(fileId);
    const a = f ? await this.#storage.assignments.get(f.targetId) : undefined;
    if (!f || !a || !isStored(f)) throw new NotFoundError('No such file');
    const ref = assignmentRef(a);
    const allowed =
      f.purpose === 'attachment'
        ? can(actor, 'assignment.read', ref)
        : f.ownerId === actor.userId || can(actor, 'assignment.manage', ref) || (actor.role === 'admin' && actor.schoolId === a.schoolId) || (actor.role === 'parent' && actor.children.some((c) => c.studentId === f.ownerId));
    if (!allowed) throw new NotFoundError('No such file');
    return f;
  }
}

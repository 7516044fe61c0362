/**
 * The archive as the admin and the principal use it (R17): ask for a bundle of a class and a
 * period, follow its progress, download it (each download audited: a bundle is the personal
 * data of a whole class), the school's archive settings (retention, automatic recording: the
 * admin's), and retention holds on lessons and recordings.
 */
import { ConflictError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import { MAX_RETENTION_DAYS, type ArchiveJob, type ArchiveSettings } from './ArchiveTypes.js';

/** A term is at most ~5 months; a school year with its summer fits in this. */
export const MAX_BUNDLE_RANGE_MS = 400 * 86_400_000;
const JOBS_LISTED = 50;

export interface BundleRequest {
  classId: string;
  from: number;
  to: number;
  label: string;
}

export type SettingsInput = Pick<ArchiveSettings, 'recordingRetentionDays' | 'lessonDataRetentionDays' | 'autoRecord'>;

export const DEFAULT_ARCHIVE_SETTINGS: SettingsInput = { recordingRetentionDays: 0, lessonDataRetentionDays: 0, autoRecord: false };

export class ArchiveService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #queued: () => void;

  /** `queued` is told when a job was added (the queue takes it at once instead of at its next poll). */
  constructor(storage: Storage, deps: { clock: Clock; queued?: () => void }) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#queued = deps.queued ?? (() => undefined);
  }

  async request(actor: Actor, input: BundleRequest): Promise<ArchiveJob> {
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: actor.schoolId });
    const cls = await this.#storage.schools.getClass(input.classId);
    if (!cls || cls.schoolId !== actor.schoolId) throw new NotFoundError('No such class');
    if (!(input.to > input.from)) throw new ValidationError('The period must end after it starts');
    if (input.to - input.from > MAX_BUNDLE_RANGE_MS) throw new ValidationError('A bundle covers at most 400 days');
    const now = this.#clock.now();
    const job: ArchiveJob = {
      id: newId('arc'), schoolId: actor.schoolId, classId: cls.id, from: input.from, to: input.to, label: input.label.trim(), requestedBy: actor.userId,
      state: 'queued', attempts: 0, progress: 0, doneBytes: 0, totalBytes: 0, etaMs: null, error: null, blobKey: null, bytes: null, createdAt: now, updatedAt: now,
    };
    await this.#storage.archive.createJob(job);
    this.#queued();
    return job;
  }

  async jobs(actor: Actor): Promise<ArchiveJob[]> {
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: actor.schoolId });
    return this.#storage.archive.jobsOfSchool(actor.schoolId, JOBS_LISTED);
  }

  /** A failed bundle goes back to the queue. */
  async retry(actor: Actor, jobId: string): Promise<void> {
    const job = await this.#jobOf(actor, jobId);
    if (job.state !== 'failed') throw new ConflictError('Only a failed bundle can be built again');
    await this.#storage.archive.updateJob(job.id, { state: 'queued', progress: 0, doneBytes: 0, totalBytes: 0, etaMs: null, error: null }, this.#clock.now());
    this.#queued();
  }

  /** The bundle's blob and a file name; the download is written to the audit log. */
  async download(actor: Actor, jobId: string, origin: { ip: string | null }): Promise<{ blobKey: string; fileName: string }> {
    const job = await this.#jobOf(actor, jobId);
    if (job.state !== 'done' || !job.blobKey) throw new ConflictError('The bundle is not ready yet');
    await this.#storage.personalDataAudit.record({
      at: this.#clock.now(), actorId: actor.userId, schoolId: job.schoolId, action: 'export', subjectUserId: null, resource: `archive:${job.id}`, ip: origin.ip, detail: `class:${job.classId}`,
    });
    const cls = await this.#storage.schools.getClass(job.classId);
    const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
    return { blobKey: job.blobKey, fileName: `luu-tru_${cls?.name ?? 'lop'}_${day(job.from)}_${day(job.to - 1)}.zip` };
  }

  async settings(actor: Actor): Promise<SettingsInput> {
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: actor.schoolId });
    return settingsOf(await this.#storage.archive.settings(actor.schoolId));
  }

  async saveSettings(actor: Actor, input: SettingsInput): Promise<SettingsInput> {
    assertCan(actor, 'archive.manage', { kind: 'school', schoolId: actor.schoolId });
    for (const days of [input.recordingRetentionDays, input.lessonDataRetentionDays]) {
      if (!Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) throw new ValidationError(`A retention is 0 (for ever) to ${MAX_RETENTION_DAYS} days`);
    }
    // Lesson data deleted before its recording would leave a video without its attendance.
    const { recordingRetentionDays: rec, lessonDataRetentionDays: data } = input;
    if (data > 0 && (rec === 0 || rec > data)) throw new ValidationError('Lesson data must be kept at least as long as recordings');
    await this.#storage.archive.saveSettings({ schoolId: actor.schoolId, ...input, updatedBy: actor.userId, updatedAt: this.#clock.now() });
    return { ...input };
  }

  /** Whether the school records every lesson (read by the live lesson; no actor: a lesson's own setting). */
  async autoRecord(schoolId: string): Promise<boolean> {
    return (await this.#storage.archive.settings(schoolId))?.autoRecord ?? false;
  }

  async holdLesson(actor: Actor, lessonId: string, hold: boolean): Promise<void> {
    const lesson = await this.#storage.lessons.get(lessonId);
    if (!lesson || lesson.schoolId !== actor.schoolId) throw new NotFoundError('No such lesson');
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: lesson.schoolId });
    await this.#storage.archive.setLessonHold(lessonId, hold, actor.userId, this.#clock.now());
  }

  async holdRecording(actor: Actor, recordingId: string, hold: boolean): Promise<void> {
    const r = await this.#storage.recordings.recording(recordingId);
    const lesson = r ? await this.#storage.lessons.get(r.lessonId) : undefined;
    if (!r || !lesson || lesson.schoolId !== actor.schoolId) throw new NotFoundError('No such recording');
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: lesson.schoolId });
    await this.#storage.recordings.setHold(r.id, hold);
  }

  async #jobOf(actor: Actor, jobId: string): Promise<ArchiveJob> {
    assertCan(actor, 'archive.export', { kind: 'school', schoolId: actor.schoolId });
    const job = await this.#storage.archive.job(jobId);
    if (!job || job.schoolId !== actor.schoolId) throw new NotFoundError('No such bundle');
    return job;
  }
}

export function settingsOf(s: ArchiveSettings | undefined): SettingsInput {
  return s ? { recordingRetentionDays: s.recordingRetentionDays, lessonDataRetentionDays: s.lessonDataRetentionDays, autoRecord: s.autoRecord } : { ...DEFAULT_ARCHIVE_SETTINGS };
}

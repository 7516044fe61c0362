/**
 * Retention (R17; Circular 09/2021 art. 9.1 leaves the period to the school): recordings older
 * than the school's recording retention and lesson activity data older than its lesson-data
 * retention are deleted, except what is held (a held lesson keeps its recordings too). The admin
 * sees the plan first (nothing deleted), then confirms the very items shown; a daily sweep
 * deletes on its own once the school set a retention. Every deletion enters the audit log.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore, Clock, Logger } from '../../platform/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import type { ExpiredLessonData } from './ArchiveTypes.js';

const DAY_MS = 86_400_000;
/** Who the audit log names for the daily sweep's deletions. */
export const RETENTION_ACTOR = 'system:retention';
/** A recording's folder is its id (signaling/features/recording Recordings.ts); anything else is never removed. */
const SAFE_DIRECTORY = /^[A-Za-z0-9_-]{1,64}$/;

export interface RetentionPlan {
  /** Cut-offs used (ms since the epoch); null when that retention is "for ever". */
  recordingsBefore: number | null;
  lessonDataBefore: number | null;
  recordings: Array<{ id: string; lessonId: string; startedAt: number; hasVideo: boolean }>;
  lessons: ExpiredLessonData[];
}

export interface RetentionDeps {
  storage: Storage;
  blobs: BlobStore;
  clock: Clock;
  /** The recordings folder (segments); undefined when this server does not record. */
  recordingsDirectory: string | undefined;
}

export class Retention {
  readonly #deps: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.#deps = deps;
  }

  /** The dry run: what a run now would delete. Deletes nothing. */
  async preview(actor: Actor): Promise<RetentionPlan> {
    assertCan(actor, 'archive.manage', { kind: 'school', schoolId: actor.schoolId });
    return this.plan(actor.schoolId);
  }

  /**
   * Deletes the items of the plan the admin saw (`confirmed` ids) that are still expired and
   * un-held now: a hold put on in between wins, and nothing the admin was not shown is deleted.
   */
  async confirm(actor: Actor, confirmed: { recordingIds: readonly string[]; lessonIds: readonly string[] }): Promise<{ recordings: number; lessons: number }> {
    assertCan(actor, 'archive.manage', { kind: 'school', schoolId: actor.schoolId });
    const plan = await this.plan(actor.schoolId);
    const rec = new Set(confirmed.recordingIds);
    const les = new Set(confirmed.lessonIds);
    return this.#apply(actor.schoolId, actor.userId, { ...plan, recordings: plan.recordings.filter((r) => rec.has(r.id)), lessons: plan.lessons.filter((l) => les.has(l.lessonId)) });
  }

  /** The daily sweep of one school: deletes everything expired. */
  async sweep(schoolId: string): Promise<{ recordings: number; lessons: number }> {
    return this.#apply(schoolId, RETENTION_ACTOR, await this.plan(schoolId));
  }

  async plan(schoolId: string): Promise<RetentionPlan> {
    const { storage, clock } = this.#deps;
    const settings = await storage.archive.settings(schoolId);
    const now = clock.now();
    const recordingsBefore = settings && settings.recordingRetentionDays > 0 ? now - settings.recordingRetentionDays * DAY_MS : null;
    const lessonDataBefore = settings && settings.lessonDataRetentionDays > 0 ? now - settings.lessonDataRetentionDays * DAY_MS : null;
    const recordings = recordingsBefore === null ? [] : await storage.archive.expiredRecordings(schoolId, recordingsBefore);
    const lessons = lessonDataBefore === null ? [] : await storage.archive.expiredLessonData(schoolId, lessonDataBefore);
    return {
      recordingsBefore,
      lessonDataBefore,
      recordings: recordings.map((r) => ({ id: r.id, lessonId: r.lessonId, startedAt: r.startedAt, hasVideo: r.videoBlob !== null })),
      lessons,
    };
  }

  async #apply(schoolId: string, actorId: string, plan: RetentionPlan): Promise<{ recordings: number; lessons: number }> {
    const { storage, clock } = this.#deps;
    let recordings = 0;
    for (const item of plan.recordings) {
      const r = await storage.recordings.recording(item.id);
      if (!r) continue;
      // Rows first: a crash after leaves orphan files (space), never a row pointing at nothing.
      await storage.archive.deleteRecordingRows(r.id);
      if (r.videoBlob) await this.#deps.blobs.delete(r.videoBlob);
      if (this.#deps.recordingsDirectory && SAFE_DIRECTORY.test(r.directory)) await rm(join(this.#deps.recordingsDirectory, r.directory), { recursive: true, force: true });
      await this.#audit(schoolId, actorId, `recording:${r.id}`, `lesson:${r.lessonId}`);
      recordings++;
    }
    for (const l of plan.lessons) {
      await storage.archive.purgeLessonData(l.lessonId, clock.now());
      await this.#audit(schoolId, actorId, `lesson-data:${l.lessonId}`, `class:${l.classId}`);
    }
    return { recordings, lessons: plan.lessons.length };
  }

  #audit(schoolId: string, actorId: string, resource: string, detail: string): Promise<void> {
    return this.#deps.storage.personalDataAudit.record({ at: this.#deps.clock.now(), actorId, schoolId, action: 'delete', subjectUserId: null, resource, ip: null, detail });
  }
}

/** Runs the sweep of every school that set a retention, once a day (and once soon after start). */
export class RetentionSweep {
  readonly #retention: Retention;
  readonly #storage: Storage;
  readonly #logger: Logger;
  readonly #first: NodeJS.Timeout;
  readonly #timer: NodeJS.Timeout;
  #running: Promise<void> | undefined;

  constructor(retention: Retention, deps: { storage: Storage; logger: Logger }, options: { intervalMs?: number; firstRunMs?: number } = {}) {
    this.#retention = retention;
    this.#storage = deps.storage;
    this.#logger = deps.logger;
    this.#first = setTimeout(() => void this.runOnce(), options.firstRunMs ?? 60_000);
    this.#first.unref();
    this.#timer = setInterval(() => void this.runOnce(), options.intervalMs ?? DAY_MS);
    this.#timer.unref();
  }

  runOnce(): Promise<void> {
    this.#running ??= (async () => {
      for (const s of await this.#storage.archive.schoolsWithRetention()) {
        const deleted = await this.#retention.sweep(s.schoolId);
        if (deleted.recordings + deleted.lessons > 0) this.#logger.info({ schoolId: s.schoolId, ...deleted }, 'retention: expired items deleted');
      }
    })()
      .catch((err: unknown) => this.#logger.error({ err }, 'retention sweep failed'))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async close(): Promise<void> {
    clearTimeout(this.#first);
    clearInterval(this.#timer);
    await this.#running;
  }
}

import { atomically, flag, optionalNumber, optionalString, placeholderList, type Queryable, type Row } from '../store/index.js';
import type { StoredRecording } from '../recording/index.js';
import type { ArchiveJob, ArchiveJobState, ArchiveSettings, ArchiveStore, ExpiredLessonData } from './ArchiveTypes.js';

const JOB_COLUMNS = 'id, school_id, class_id, range_from, range_to, label, requested_by, state, attempts, progress, done_bytes, total_bytes, eta_ms, error, blob_key, bytes, created_at, updated_at';
const REC_COLUMNS = 'r.id, r.lesson_id, r.started_by, r.state, r.failure, r.directory, r.started_at, r.stopped_at, r.published, r.hold, r.video_blob, r.duration_ms';

function toSettings(r: Row): ArchiveSettings {
  return {
    schoolId: String(r.school_id),
    recordingRetentionDays: Number(r.recording_retention_days),
    lessonDataRetentionDays: Number(r.lesson_data_retention_days),
    autoRecord: flag(r.auto_record),
    updatedBy: String(r.updated_by),
    updatedAt: Number(r.updated_at),
  };
}

function toJob(r: Row): ArchiveJob {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    classId: String(r.class_id),
    from: Number(r.range_from),
    to: Number(r.range_to),
    label: String(r.label),
    requestedBy: String(r.requested_by),
    state: String(r.state) as ArchiveJobState,
    attempts: Number(r.attempts),
    progress: Number(r.progress),
    doneBytes: Number(r.done_bytes),
    totalBytes: Number(r.total_bytes),
    etaMs: optionalNumber(r.eta_ms),
    error: optionalString(r.error),
    blobKey: optionalString(r.blob_key),
    bytes: optionalNumber(r.bytes),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toRecording(r: Row): StoredRecording {
  return {
    id: String(r.id),
    lessonId: String(r.lesson_id),
    startedBy: String(r.started_by),
    state: String(r.state) as StoredRecording['state'],
    failure: optionalString(r.failure),
    directory: String(r.directory),
    startedAt: Number(r.started_at),
    stoppedAt: optionalNumber(r.stopped_at),
    published: flag(r.published),
    hold: flag(r.hold),
    videoBlob: optionalString(r.video_blob),
    durationMs: optionalNumber(r.duration_ms),
  };
}

/** Archive settings, bundle jobs, holds and retention deletes (classroom/store/schemaArchive.ts). */
export class SqlArchiveStore implements ArchiveStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async settings(schoolId: string): Promise<ArchiveSettings | undefined> {
    const row = await this.#q.one('SELECT * FROM school_archive_settings WHERE school_id = ?', [schoolId]);
    return row ? toSettings(row) : undefined;
  }

  async saveSettings(s: ArchiveSettings): Promise<void> {
    await this.#q.run(
      `INSERT INTO school_archive_settings (school_id, recording_retention_days, lesson_data_retention_days, auto_record, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (school_id) DO UPDATE SET recording_retention_days = excluded.recording_retention_days,
         lesson_data_retention_days = excluded.lesson_data_retention_days, auto_record = excluded.auto_record,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [s.schoolId, s.recordingRetentionDays, s.lessonDataRetentionDays, s.autoRecord ? 1 : 0, s.updatedBy, s.updatedAt],
    );
  }

  async schoolsWithRetention(): Promise<ArchiveSettings[]> {
    const rows = await this.#q.all('SELECT * FROM school_archive_settings WHERE recording_retention_days > 0 OR lesson_data_retention_days > 0 ORDER BY school_id');
    return rows.map(toSettings);
  }

  async createJob(j: ArchiveJob): Promise<void> {
    await this.#q.run(`INSERT INTO archive_jobs (${JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      j.id, j.schoolId, j.classId, j.from, j.to, j.label, j.requestedBy, j.state, j.attempts, j.progress, j.doneBytes, j.totalBytes, j.etaMs, j.error, j.blobKey, j.bytes, j.createdAt, j.updatedAt,
    ]);
  }

  async job(id: string): Promise<ArchiveJob | undefined> {
    const row = await this.#q.one(`SELECT ${JOB_COLUMNS} FROM archive_jobs WHERE id = ?`, [id]);
    return row ? toJob(row) : undefined;
  }

  async jobsOfSchool(schoolId: string, limit: number): Promise<ArchiveJob[]> {
    const rows = await this.#q.all(`SELECT ${JOB_COLUMNS} FROM archive_jobs WHERE school_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, [schoolId, limit]);
    return rows.map(toJob);
  }

  async claimJob(now: number): Promise<ArchiveJob | undefined> {
    return atomically(this.#q, async (tx) => {
      const row = await tx.one(`SELECT ${JOB_COLUMNS} FROM archive_jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1`);
      if (!row) return undefined;
      // The state in the WHERE makes a second claimer (another node) take nothing.
      const { changes } = await tx.run(`UPDATE archive_jobs SET state = 'running', attempts = attempts + 1, progress = 0, done_bytes = 0, total_bytes = 0, eta_ms = NULL, error = NULL, updated_at = ? WHERE id = ? AND state = 'queued'`, [
        now,
        String(row.id),
      ]);
      if (changes !== 1) return undefined;
      const job = toJob(row);
      return { ...job, state: 'running', attempts: job.attempts + 1, progress: 0, doneBytes: 0, totalBytes: 0, etaMs: null, error: null, updatedAt: now };
    });
  }

  async updateJob(id: string, change: Partial<Pick<ArchiveJob, 'state' | 'progress' | 'doneBytes' | 'totalBytes' | 'etaMs' | 'error' | 'blobKey' | 'bytes'>>, now: number): Promise<void> {
    const columns: Record<string, string> = { state: 'state', progress: 'progress', doneBytes: 'done_bytes', totalBytes: 'total_bytes', etaMs: 'eta_ms', error: 'error', blobKey: 'blob_key', bytes: 'bytes' };
    const sets: string[] = [];
    const params: Array<string | number | null> = [];
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || !columns[k]) continue;
      sets.push(`${columns[k]} = ?`);
      params.push(v as string | number | null);
    }
    sets.push('updated_at = ?');
    params.push(now, id);
    await this.#q.run(`UPDATE archive_jobs SET ${sets.join(', ')} WHERE id = ?`, params);
  }

  async requeueRunning(now: number): Promise<number> {
    const { changes } = await this.#q.run(`UPDATE archive_jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`, [now]);
    return changes;
  }

  async setLessonHold(lessonId: string, hold: boolean, by: string, at: number): Promise<void> {
    if (!hold) return void (await this.#q.run('DELETE FROM lesson_holds WHERE lesson_id = ?', [lessonId]));
    await this.#q.run('INSERT INTO lesson_holds (lesson_id, held_by, held_at) VALUES (?, ?, ?) ON CONFLICT (lesson_id) DO NOTHING', [lessonId, by, at]);
  }

  async heldLessons(lessonIds: readonly string[]): Promise<Set<string>> {
    if (lessonIds.length === 0) return new Set();
    const rows = await this.#q.all(`SELECT lesson_id FROM lesson_holds WHERE lesson_id IN (${placeholderList(lessonIds.length)})`, [...lessonIds]);
    return new Set(rows.map((r) => String(r.lesson_id)));
  }

  async expiredRecordings(schoolId: string, before: number): Promise<StoredRecording[]> {
    // A recording still running is never expired, whatever its start.
    const rows = await this.#q.all(
      `SELECT ${REC_COLUMNS} FROM recordings r JOIN lessons l ON l.id = r.lesson_id
       WHERE l.school_id = ? AND r.started_at < ? AND r.state <> 'recording' AND r.hold = 0
         AND NOT EXISTS (SELECT 1 FROM lesson_holds h WHERE h.lesson_id = r.lesson_id)
       ORDER BY r.started_at, r.id`,
      [schoolId, before],
    );
    return rows.map(toRecording);
  }

  async deleteRecordingRows(recordingId: string): Promise<void> {
    await atomically(this.#q, async (tx) => {
      for (const table of ['recording_segments', 'media_jobs', 'recording_views', 'recording_chat']) await tx.run(`DELETE FROM ${table} WHERE recording_id = ?`, [recordingId]);
      await tx.run('DELETE FROM recordings WHERE id = ?', [recordingId]);
    });
  }

  async expiredLessonData(schoolId: string, before: number): Promise<ExpiredLessonData[]> {
    const rows = await this.#q.all(
      `SELECT l.id, l.class_id, l.title, l.scheduled_start, l.scheduled_end FROM lessons l
       WHERE l.school_id = ? AND COALESCE(l.ended_at, l.scheduled_end) < ? AND l.scheduled_end < ?
         AND NOT EXISTS (SELECT 1 FROM lesson_holds h WHERE h.lesson_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM lesson_data_purges p WHERE p.lesson_id = l.id)
       ORDER BY l.scheduled_start, l.id`,
      [schoolId, before, before],
    );
    return rows.map((r) => ({ lessonId: String(r.id), classId: String(r.class_id), title: String(r.title), scheduledStart: Number(r.scheduled_start), scheduledEnd: Number(r.scheduled_end) }));
  }

  async purgeLessonData(lessonId: string, at: number): Promise<void> {
    await atomically(this.#q, async (tx) => {
      // Answers before their quizzes (foreign key); every table keyed by the lesson.
      for (const table of ['live_quiz_answers', 'live_quizzes', 'attendance_events', 'lesson_presence', 'lesson_presence_summaries', 'lesson_questions', 'live_room_people', 'live_room_settings']) {
        await tx.run(`DELETE FROM ${table} WHERE lesson_id = ?`, [lessonId]);
      }
      await tx.run('INSERT INTO lesson_data_purges (lesson_id, purged_at) VALUES (?, ?) ON CONFLICT (lesson_id) DO NOTHING', [lessonId, at]);
    });
  }
}

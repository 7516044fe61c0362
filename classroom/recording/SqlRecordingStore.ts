import { atomically, flag, optionalNumber, optionalString, type Queryable, type Row } from '../store/index.js';
import type { JobState, MediaJob, RecordingState, RecordingStore, StoredRecording, StoredSegment } from './RecordingTypes.js';

const REC_COLUMNS = 'id, lesson_id, started_by, state, failure, directory, started_at, stopped_at, published, hold, video_blob, duration_ms';
const SEG_COLUMNS = 'recording_id, id, peer_id, label, kind, file, started_at, ended_at, bytes';
const JOB_COLUMNS = 'id, recording_id, state, attempts, progress, eta_ms, error, created_at, updated_at';

function toRecording(r: Row): StoredRecording {
  return {
    id: String(r.id),
    lessonId: String(r.lesson_id),
    startedBy: String(r.started_by),
    state: String(r.state) as RecordingState,
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

function toSegment(r: Row): StoredSegment {
  return {
    recordingId: String(r.recording_id),
    id: String(r.id),
    peerId: String(r.peer_id),
    label: String(r.label),
    kind: String(r.kind) === 'audio' ? 'audio' : 'video',
    file: String(r.file),
    startedAt: Number(r.started_at),
    endedAt: optionalNumber(r.ended_at),
    bytes: optionalNumber(r.bytes),
  };
}

function toJob(r: Row): MediaJob {
  return {
    id: String(r.id),
    recordingId: String(r.recording_id),
    state: String(r.state) as JobState,
    attempts: Number(r.attempts),
    progress: Number(r.progress),
    etaMs: optionalNumber(r.eta_ms),
    error: optionalString(r.error),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Recordings, their segments, post-processing jobs and viewings (classroom/store/schemaRecordings.ts). */
export class SqlRecordingStore implements RecordingStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async createRecording(r: StoredRecording): Promise<void> {
    await this.#q.run(`INSERT INTO recordings (${REC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      r.id, r.lessonId, r.startedBy, r.state, r.failure, r.directory, r.startedAt, r.stoppedAt, r.published ? 1 : 0, r.hold ? 1 : 0, r.videoBlob, r.durationMs,
    ]);
  }

  async recording(id: string): Promise<StoredRecording | undefined> {
    const row = await this.#q.one(`SELECT ${REC_COLUMNS} FROM recordings WHERE id = ?`, [id]);
    return row ? toRecording(row) : undefined;
  }

  async recordingsOfLesson(lessonId: string): Promise<StoredRecording[]> {
    return (await this.#q.all(`SELECT ${REC_COLUMNS} FROM recordings WHERE lesson_id = ? ORDER BY started_at, id`, [lessonId])).map(toRecording);
  }

  async openRecordings(): Promise<StoredRecording[]> {
    return (await this.#q.all(`SELECT ${REC_COLUMNS} FROM recordings WHERE state = 'recording' ORDER BY started_at, id`)).map(toRecording);
  }

  async finishRecording(id: string, state: 'stopped' | 'failed', failure: string | null, stoppedAt: number): Promise<void> {
    await this.#q.run(`UPDATE recordings SET state = ?, failure = ?, stopped_at = ? WHERE id = ? AND state = 'recording'`, [state, failure, stoppedAt, id]);
  }

  async setPublished(id: string, published: boolean): Promise<void> {
    await this.#q.run('UPDATE recordings SET published = ? WHERE id = ?', [published ? 1 : 0, id]);
  }

  async setHold(id: string, hold: boolean): Promise<void> {
    await this.#q.run('UPDATE recordings SET hold = ? WHERE id = ?', [hold ? 1 : 0, id]);
  }

  async setVideo(id: string, blobKey: string, durationMs: number): Promise<void> {
    await this.#q.run('UPDATE recordings SET video_blob = ?, duration_ms = ? WHERE id = ?', [blobKey, durationMs, id]);
  }

  async saveSegment(s: StoredSegment): Promise<void> {
    await this.#q.run(`INSERT INTO recording_segments (${SEG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      s.recordingId, s.id, s.peerId, s.label, s.kind, s.file, s.startedAt, s.endedAt, s.bytes,
    ]);
  }

  async endSegment(recordingId: string, segmentId: string, endedAt: number, bytes: number): Promise<void> {
    await this.#q.run('UPDATE recording_segments SET ended_at = ?, bytes = ? WHERE recording_id = ? AND id = ?', [endedAt, bytes, recordingId, segmentId]);
  }

  async segments(recordingId: string): Promise<StoredSegment[]> {
    return (await this.#q.all(`SELECT ${SEG_COLUMNS} FROM recording_segments WHERE recording_id = ? ORDER BY started_at, id`, [recordingId])).map(toSegment);
  }

  async enqueueJob(j: MediaJob): Promise<void> {
    await this.#q.run(`INSERT INTO media_jobs (${JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      j.id, j.recordingId, j.state, j.attempts, j.progress, j.etaMs, j.error, j.createdAt, j.updatedAt,
    ]);
  }

  async job(id: string): Promise<MediaJob | undefined> {
    const row = await this.#q.one(`SELECT ${JOB_COLUMNS} FROM media_jobs WHERE id = ?`, [id]);
    return row ? toJob(row) : undefined;
  }

  async jobsOfRecording(recordingId: string): Promise<MediaJob[]> {
    return (await this.#q.all(`SELECT ${JOB_COLUMNS} FROM media_jobs WHERE recording_id = ? ORDER BY created_at, id`, [recordingId])).map(toJob);
  }

  async claimJob(now: number): Promise<MediaJob | undefined> {
    return atomically(this.#q, async (tx) => {
      const row = await tx.one(`SELECT ${JOB_COLUMNS} FROM media_jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1`);
      if (!row) return undefined;
      // The state in the WHERE makes a second claimer (another node) take nothing.
      const { changes } = await tx.run(
        `UPDATE media_jobs SET state = 'running', attempts = attempts + 1, progress = 0, eta_ms = NULL, error = NULL, updated_at = ? WHERE id = ? AND state = 'queued'`,
        [now, row.id as string],
      );
      if (changes !== 1) return undefined;
      const job = toJob(row);
      return { ...job, state: 'running', attempts: job.attempts + 1, progress: 0, etaMs: null, error: null, updatedAt: now };
    });
  }

  async updateJob(id: string, change: Partial<Pick<MediaJob, 'state' | 'progress' | 'etaMs' | 'error'>>, now: number): Promise<void> {
    const sets: string[] = [];
    const params: Array<string | number | null> = [];
    if (change.state !== undefined) (sets.push('state = ?'), params.push(change.state));
    if (change.progress !== undefined) (sets.push('progress = ?'), params.push(change.progress));
    if (change.etaMs !== undefined) (sets.push('eta_ms = ?'), params.push(change.etaMs));
    if (change.error !== undefined) (sets.push('error = ?'), params.push(change.error));
    sets.push('updated_at = ?');
    params.push(now, id);
    await this.#q.run(`UPDATE media_jobs SET ${sets.join(', ')} WHERE id = ?`, params);
  }

  async requeueRunning(now: number): Promise<number> {
    const { changes } = await this.#q.run(`UPDATE media_jobs SET state = 'queued', eta_ms = NULL, updated_at = ? WHERE state = 'running'`, [now]);
    return changes;
  }

  async recordView(recordingId: string, userId: string, at: number): Promise<void> {
    await this.#q.run('INSERT INTO recording_views (recording_id, user_id, viewed_at) VALUES (?, ?, ?)', [recordingId, userId, at]);
  }

  async views(recordingId: string): Promise<Array<{ userId: string; at: number }>> {
    const rows = await this.#q.all('SELECT user_id, viewed_at FROM recording_views WHERE recording_id = ? ORDER BY viewed_at, id', [recordingId]);
    return rows.map((r) => ({ userId: String(r.user_id), at: Number(r.viewed_at) }));
  }
}

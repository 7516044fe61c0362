import type { Queryable, Row } from '../store/index.js';
import { optionalNumber, optionalString, placeholderList } from '../store/index.js';
import type { StoredFile, UploadPurpose, UploadRecord, UploadStore } from './FileTypes.js';

export const UPLOAD_COLUMNS =
  'id, school_id, owner_id, purpose, target_id, file_name, declared_size, created_at, blob_key, size, sha256, media_type, finished_at, removed_at';

export function toUpload(r: Row): UploadRecord {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    ownerId: String(r.owner_id),
    purpose: r.purpose as UploadPurpose,
    targetId: String(r.target_id),
    fileName: String(r.file_name),
    declaredSize: Number(r.declared_size),
    createdAt: Number(r.created_at),
    blobKey: optionalString(r.blob_key),
    size: optionalNumber(r.size),
    sha256: optionalString(r.sha256),
    mediaType: optionalString(r.media_type),
    finishedAt: optionalNumber(r.finished_at),
    removedAt: optionalNumber(r.removed_at),
  };
}

export class SqlUploadStore implements UploadStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async create(u: UploadRecord): Promise<void> {
    await this.#q.run(`INSERT INTO uploads (${UPLOAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      u.id,
      u.schoolId,
      u.ownerId,
      u.purpose,
      u.targetId,
      u.fileName,
      u.declaredSize,
      u.createdAt,
      u.blobKey,
      u.size,
      u.sha256,
      u.mediaType,
      u.finishedAt,
      u.removedAt,
    ]);
  }

  async get(id: string): Promise<UploadRecord | undefined> {
    const r = await this.#q.one(`SELECT ${UPLOAD_COLUMNS} FROM uploads WHERE id = ?`, [id]);
    return r && toUpload(r);
  }

  async getMany(ids: readonly string[]): Promise<UploadRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.#q.all(`SELECT ${UPLOAD_COLUMNS} FROM uploads WHERE id IN (${placeholderList(ids.length)})`, ids);
    return rows.map(toUpload);
  }

  async complete(id: string, f: { blobKey: string; size: number; sha256: string; mediaType: string; fileName: string; finishedAt: number }): Promise<boolean> {
    const { changes } = await this.#q.run(
      'UPDATE uploads SET blob_key = ?, size = ?, sha256 = ?, media_type = ?, file_name = ?, finished_at = ? WHERE id = ? AND blob_key IS NULL',
      [f.blobKey, f.size, f.sha256, f.mediaType, f.fileName, f.finishedAt, id],
    );
    return changes === 1;
  }

  async pendingBytes(ownerId: string, targetId: string, since: number): Promise<number> {
    const r = await this.#q.one<{ total: unknown }>(
      `SELECT COALESCE(SUM(declared_size), 0) AS total FROM uploads u
       WHERE owner_id = ? AND target_id = ? AND created_at >= ? AND removed_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM submission_files f WHERE f.upload_id = u.id)`,
      [ownerId, targetId, since],
    );
    return Number(r?.total ?? 0);
  }

  async filesOf(targetId: string, purpose: UploadPurpose): Promise<StoredFile[]> {
    const rows = await this.#q.all(
      `SELECT ${UPLOAD_COLUMNS} FROM uploads WHERE target_id = ? AND purpose = ? AND blob_key IS NOT NULL AND removed_at IS NULL ORDER BY finished_at, id`,
      [targetId, purpose],
    );
    return rows.map(toUpload) as StoredFile[];
  }

  async markRemoved(id: string, at: number): Promise<void> {
    await this.#q.run('UPDATE uploads SET removed_at = ? WHERE id = ? AND removed_at IS NULL', [at, id]);
  }
}

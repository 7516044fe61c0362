/**
 * Files people send through the resumable upload protocol (tus), recorded next to the blob that
 * holds their bytes. The row is written when an upload is created (so that quotas count files
 * still on their way) and completed once the file is whole, checked and in the blob store.
 */

/** What an upload is for; decides who may send it, its limits and its accepted kinds. */
export type UploadPurpose = 'submission' | 'attachment' | 'material';
export const UPLOAD_PURPOSES: readonly UploadPurpose[] = ['submission', 'attachment', 'material'];

export interface UploadRecord {
  /** The tus upload id (random, URL-safe). */
  id: string;
  schoolId: string;
  ownerId: string;
  purpose: UploadPurpose;
  /** The assignment the file belongs to; for a material, its subject. */
  targetId: string;
  /** Sanitized (fileNames.ts); shown and used in Content-Disposition only. */
  fileName: string;
  /** Upload-Length as declared when the upload was created. */
  declaredSize: number;
  createdAt: number;
  /** Set when complete: the blob and what the content check found. */
  blobKey: string | null;
  size: number | null;
  sha256: string | null;
  mediaType: string | null;
  finishedAt: number | null;
  /** A teacher's attachment taken off an assignment (the blob goes, the row stays for its history). */
  removedAt: number | null;
}

/** A complete file: an UploadRecord whose blob is in the store. */
export type StoredFile = UploadRecord & { blobKey: string; size: number; sha256: string; mediaType: string; finishedAt: number };

export function isStored(r: UploadRecord): r is StoredFile {
  return r.blobKey !== null && r.removedAt === null;
}

export interface UploadStore {
  create(record: UploadRecord): Promise<void>;
  get(id: string): Promise<UploadRecord | undefined>;
  getMany(ids: readonly string[]): Promise<UploadRecord[]>;
  /**
   * Records the blob of a complete upload. Resolves false when it was already complete (two
   * finishes raced: the first one wins, the caller deletes its own blob).
   */
  complete(id: string, file: { blobKey: string; size: number; sha256: string; mediaType: string; fileName: string; finishedAt: number }): Promise<boolean>;
  /** Bytes an owner has declared for a target's uploads created since `since` and not yet handed in or removed. */
  pendingBytes(ownerId: string, targetId: string, since: number): Promise<number>;
  /** Complete, not removed files of a target with a purpose (an assignment's attachments), oldest first. */
  filesOf(targetId: string, purpose: UploadPurpose): Promise<StoredFile[]>;
  markRemoved(id: string, at: number): Promise<void>;
}

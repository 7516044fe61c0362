/**
 * Files sent by people: admitting an upload (who, for what, how big, under which name), and
 * finishing it (the content checked, the bytes moved into the blob store, the record completed).
 * The transport (tus, in signaling/uploads) calls `begin` when an upload is created and
 * `finish` once all its bytes arrived; the feature the file is for (assignments) decides, through
 * an UploadPolicy, who may send it and within which limits.
 */
import { createReadStream } from 'node:fs';
import { NotAuthorizedError, NotFoundError, TooLargeError, ValidationError, type BlobStore, type Clock } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import { MATERIAL_KINDS, SUBMISSION_KINDS, checkFile, checkOpeningBytes, type FileKind } from './fileKinds.js';
import { sanitizeFileName } from './fileNames.js';
import { UPLOAD_PURPOSES, isStored, type StoredFile, type UploadPurpose, type UploadRecord } from './FileTypes.js';

/** What one purpose allows, decided by the feature that owns the target. */
export interface UploadLimits {
  schoolId: string;
  /** Largest file, bytes. */
  maxFileBytes: number;
  /** Largest total of the files on their way for one target (a submission), bytes. */
  maxPendingBytes: number;
}

export interface UploadPolicy {
  /** Throws (NotAuthorized, NotFound, Conflict) unless `actor` may send a file for `targetId` now. */
  admit(actor: Actor, targetId: string): Promise<UploadLimits>;
}

export interface BeginUpload {
  id: string;
  purpose: string;
  targetId: string;
  fileName: string;
  /** Upload-Length; undefined when the client did not declare it (refused). */
  declaredSize: number | undefined;
}

/**
 * Kinds and blob areas are properties of the purpose, not of the policy: finishing an upload
 * must not depend on rules that may have changed since it began (the due time passed meanwhile).
 */
const KINDS_OF: Record<UploadPurpose, readonly FileKind[]> = { submission: SUBMISSION_KINDS, attachment: SUBMISSION_KINDS, material: MATERIAL_KINDS };
const AREA_OF: Record<UploadPurpose, string> = { submission: 'submissions', attachment: 'assignments', material: 'materials' };

/** Uploads on their way count against a target's quota for this long (then they expire). */
export const PENDING_WINDOW_MS = 24 * 3_600_000;

export class UploadService {
  readonly #storage: Storage;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly #policies: Readonly<Record<UploadPurpose, UploadPolicy>>;

  constructor(storage: Storage, deps: { blobs: BlobStore; clock: Clock; policies: Record<UploadPurpose, UploadPolicy> }) {
    this.#storage = storage;
    this.#blobs = deps.blobs;
    this.#clock = deps.clock;
    this.#policies = deps.policies;
  }

  /**
   * Admits a new upload: a known purpose, a clean name, a declared size within the file limit and,
   * with the files already on their way for the same target, within the target's limit. Records
   * it (so the next one counts it). Nothing is stored when it throws.
   */
  async begin(actor: Actor, input: BeginUpload): Promise<UploadRecord> {
    const purpose = UPLOAD_PURPOSES.find((p) => p === input.purpose);
    if (!purpose) throw new ValidationError('Unknown upload purpose', { details: { reason: 'purpose' } });
    if (input.declaredSize === undefined) throw new ValidationError('Declare the file size (Upload-Length)', { details: { reason: 'size_required' } });
    const fileName = sanitizeFileName(input.fileName);
    const limits = await this.#policies[purpose].admit(actor, input.targetId);
    if (input.declaredSize > limits.maxFileBytes) {
      throw new TooLargeError(`The file is larger than ${mib(limits.maxFileBytes)} MB`, { details: { reason: 'file_too_large', limit: limits.maxFileBytes } });
    }
    const now = this.#clock.now();
    const record: UploadRecord = {
      id: input.id,
      schoolId: limits.schoolId,
      ownerId: actor.userId,
      purpose,
      targetId: input.targetId,
      fileName,
      declaredSize: input.declaredSize,
      createdAt: now,
      blobKey: null,
      size: null,
      sha256: null,
      mediaType: null,
      finishedAt: null,
      removedAt: null,
    };
    await this.#storage.transaction(async (tx) => {
      const pending = await tx.uploads.pendingBytes(actor.userId, input.targetId, now - PENDING_WINDOW_MS);
      if (pending + input.declaredSize! > limits.maxPendingBytes) {
        throw new TooLargeError(`The files of one submission may total at most ${mib(limits.maxPendingBytes)} MB`, { details: { reason: 'submission_too_large', limit: limits.maxPendingBytes } });
      }
      await tx.uploads.create(record);
    });
    return record;
  }

  /** The upload, for its owner only (anyone else is told it does not exist). */
  async ownUpload(actor: Actor, id: string): Promise<UploadRecord> {
    const record = await this.#storage.uploads.get(id);
    if (!record || record.ownerId !== actor.userId || record.removedAt !== null) throw new NotFoundError('No such upload');
    return record;
  }

  /** The accepted kinds of an upload, for a first look at its opening bytes. */
  async checkOpening(id: string, head: Uint8Array): Promise<void> {
    const record = await this.#storage.uploads.get(id);
    if (!record) throw new NotFoundError('No such upload');
    await this.#refusing(id, () => checkOpeningBytes(head, record.fileName, KINDS_OF[record.purpose]));
  }

  /** Runs a content check; a refused file stops counting against its target's quota. */
  async #refusing<T>(id: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (err) {
      if (err instanceof ValidationError) await this.#storage.uploads.markRemoved(id, this.#clock.now());
      throw err;
    }
  }

  /** The size of a finished upload (tus answers HEAD for it after its staging file is gone). */
  async finishedSize(id: string): Promise<number | undefined> {
    const record = await this.#storage.uploads.get(id);
    return record?.blobKey ? (record.size ?? undefined) : undefined;
  }

  /**
   * Completes an upload whose bytes are all in `stagedPath`: checks the content (kind, and the
   * name's extension against it), streams it into the blob store (size bounded by the declared
   * size, SHA-256 computed), records it. Idempotent: an upload already finished resolves with
   * its record (a retried last request, a hand-in finishing it after a crash).
   */
  async finish(id: string, stagedPath: string): Promise<StoredFile> {
    const record = await this.#storage.uploads.get(id);
    if (!record) throw new NotFoundError('No such upload');
    if (isStored(record)) return record;
    if (record.removedAt !== null) throw new NotFoundError('No such upload');
    const checked = await this.#refusing(id, () => checkFile(stagedPath, record.fileName, KINDS_OF[record.purpose]));
    const blob = await this.#blobs.put(createReadStream(stagedPath), { area: AREA_OF[record.purpose], maxBytes: record.declaredSize, contentType: checked.mediaType });
    if (blob.size !== record.declaredSize) {
      await this.#blobs.delete(blob.key);
      throw new ValidationError('The file is not complete', { details: { reason: 'incomplete' } });
    }
    const completed = await this.#storage.uploads.complete(id, { blobKey: blob.key, size: blob.size, sha256: blob.sha256, mediaType: checked.mediaType, fileName: checked.fileName, finishedAt: this.#clock.now() });
    if (!completed) await this.#blobs.delete(blob.key); // another finish won the race: keep its blob
    const stored = await this.#storage.uploads.get(id);
    if (!stored || !isStored(stored)) throw new NotFoundError('No such upload');
    return stored;
  }

  /** A complete file of `purpose` sent by `ownerId`; throws like storedFilesOf, and for another purpose. */
  async storedFileFor(ownerId: string, id: string, purpose: UploadPurpose): Promise<StoredFile> {
    const [file] = await this.storedFilesOf(ownerId, [id]);
    if (file!.purpose !== purpose) throw new ValidationError('This file was not sent for this', { details: { reason: 'file_purpose' } });
    return file!;
  }

  /** Complete files of `ids` owned by `ownerId`; throws for any that is not (wrong owner, unfinished). */
  async storedFilesOf(ownerId: string, ids: readonly string[]): Promise<StoredFile[]> {
    const records = await this.#storage.uploads.getMany(ids);
    const byId = new Map(records.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      if (!r || r.ownerId !== ownerId) throw new NotAuthorizedError('One of the files is not yours', { details: { reason: 'file_owner' } });
      if (!isStored(r)) throw new ValidationError('One of the files has not finished uploading', { details: { reason: 'file_unfinished', fileId: id } });
      return r;
    });
  }

}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
}

/**
 * The blob store: where files live (handed-in work, question-bank images, materials, recordings),
 * behind one interface with a disk implementation (DiskBlobStore) and ONE contract suite
 * (contract/blobStoreContract.ts) that any other implementation (S3-compatible) must pass.
 *
 * The interface is deliberately what an object store can honestly promise:
 * - `put` streams: the caller hands a stream, the store never holds the whole file in memory,
 *   counts bytes against a limit while streaming, and hashes (SHA-256) as it goes. A put either
 *   stores the complete blob durably and resolves, or rejects and leaves nothing readable.
 * - keys are chosen by the store (`<area>/<random id>`), never by a user: no path in a key ever
 *   comes from a file name.
 * - `get` reads the whole blob or one byte range; `stat` reads what was recorded at `put`.
 * - blobs are immutable: a new version of a file is a new blob.
 */
import type { Readable } from 'node:stream';

/** Bytes to store: a Node Readable, or any async iterable of byte chunks. */
export type BlobSource = AsyncIterable<Uint8Array>;

export interface PutBlobOptions {
  /**
   * The namespace of the new key, e.g. "submissions", "bank", "materials", "recordings":
   * 1–32 characters of [a-z0-9-]. Lets an operator see and account for what uses space.
   */
  area: string;
  /** Largest accepted size in bytes. Past it `put` rejects with TooLargeError and keeps nothing. */
  maxBytes: number;
  /**
   * Media type recorded with the blob. The store does not check it: the caller decides it from
   * the content (magic bytes), never from a file name. Default "application/octet-stream".
   */
  contentType?: string;
  /**
   * When given (lower-case hex), a blob whose SHA-256 differs is refused with a ValidationError
   * (`details.reason = "hash_mismatch"`) and nothing is kept.
   */
  expectedSha256?: string;
  /** Aborting rejects the put (with the signal's reason) and keeps nothing. */
  signal?: AbortSignal;
}

/** What the store knows about a complete blob. */
export interface BlobInfo {
  /** `<area>/<id>`: opaque, URL-safe, chosen by the store. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the content, lower-case hex (64 characters). Also a strong ETag. */
  sha256: string;
  contentType: string;
  /** When the put completed (ms since the epoch). */
  createdAt: number;
}

/** A byte range: `length` bytes from `offset` (both ≥ 0, inside the blob, length ≥ 1). */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface BlobRead {
  info: BlobInfo;
  /** The range being read, or null for the whole blob. */
  range: ByteRange | null;
  /** The bytes. The reader must consume or destroy it (it holds a file handle or a connection). */
  body: Readable;
}

export interface BlobStore {
  /**
   * Streams `source` into a new blob and resolves once it is durably stored (a crash after this
   * resolves never loses it; a crash before leaves nothing readable). Rejects with TooLargeError
   * past `maxBytes` (as soon as the limit is crossed, without reading the rest), with the
   * source's own error when it fails (a truncated upload), with the abort reason when aborted.
   */
  put(source: BlobSource, options: PutBlobOptions): Promise<BlobInfo>;
  /**
   * Reads a blob, or the bytes of `range`. Throws NotFoundError for an unknown key (or a key
   * that is not one of this store's), ValidationError (`details.reason = "range"`) for a range
   * outside the blob.
   */
  get(key: string, range?: ByteRange): Promise<BlobRead>;
  /** What was recorded at `put`, or undefined for an unknown or malformed key. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Removes a blob; true when it existed. A read already open may still finish. */
  delete(key: string): Promise<boolean>;
}

/** 1–32 characters of [a-z0-9-]: see PutBlobOptions.area. */
export const BLOB_AREA_RE = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** `<area>/<id>` with a 22-character base64url id (128 random bits). */
export const BLOB_KEY_RE = /^([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)\/([A-Za-z0-9_-]{22})$/;

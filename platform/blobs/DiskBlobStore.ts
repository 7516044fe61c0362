/**
 * The blob store on the local disk (the default): one file per blob under `<dir>/<area>/<xx>/`.
 *
 * Each file starts with a fixed 512-byte header (size, SHA-256, media type, time) followed by
 * the content. A put writes header placeholder + content to `<dir>/.tmp/`, fills in the header,
 * fsyncs, then renames the file into place and fsyncs the folder: the rename is the one commit
 * point, so a process killed at any moment leaves either a complete blob or a temporary file
 * that nothing serves (and that the next open sweeps). No sidecar file can disagree with its
 * data, and nothing derived from a user's file name ever reaches a path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { NotFoundError, TooLargeError, ValidationError } from '../errors.js';
import type { Clock } from '../clock.js';
import { BLOB_AREA_RE, BLOB_KEY_RE, type BlobInfo, type BlobRead, type BlobSource, type BlobStore, type ByteRange, type PutBlobOptions } from './BlobStoreTypes.js';

const HEADER_BYTES = 512;
const MAGIC = 'LOPHOC-BLOB-1\n';
const TMP = '.tmp';

export interface DiskBlobStoreOptions {
  /** The store's folder (created, owner-only). The server uses `<dataDir>/blobs`. */
  dir: string;
  clock?: Clock;
  /**
   * Temporary files older than this are removed when the store opens: they belong to puts that
   * a crash interrupted. Default one hour (a put still running in another process on the same
   * folder is younger than that).
   */
  staleTempMs?: number;
}

interface Header {
  size: number;
  sha256: string;
  contentType: string;
  createdAt: number;
}

export class DiskBlobStore implements BlobStore {
  readonly #dir: string;
  readonly #clock: Clock;

  private constructor(dir: string, clock: Clock) {
    this.#dir = dir;
    this.#clock = clock;
  }

  /** Opens (creating) the store's folder and sweeps temporary files left by a crash. */
  static async open(options: DiskBlobStoreOptions): Promise<DiskBlobStore> {
    // Owner-only: handed-in work is personal data of minors (R21).
    mkdirSync(join(options.dir, TMP), { recursive: true, mode: 0o700 });
    const store = new DiskBlobStore(options.dir, options.clock ?? { now: () => Date.now() });
    await store.sweepTemporary(options.staleTempMs ?? 3_600_000);
    return store;
  }

  /** Removes temporary files older than `olderThanMs`; resolves with how many it removed. */
  async sweepTemporary(olderThanMs: number): Promise<number> {
    const tmpDir = join(this.#dir, TMP);
    let removed = 0;
    for (const name of await readdir(tmpDir)) {
      const path = join(tmpDir, name);
      const s = await stat(path).catch(() => undefined);
      // Wall time, not the injected clock: file times on disk are wall time.
      if (s && Date.now() - s.mtimeMs >= olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async put(source: BlobSource, options: PutBlobOptions): Promise<BlobInfo> {
    if (!BLOB_AREA_RE.test(options.area)) throw new ValidationError(`Invalid blob area "${options.area}"`);
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) throw new ValidationError('maxBytes must be a non-negative integer');
    const contentType = options.contentType ?? 'application/octet-stream';
    if (contentType.length > 200 || !/^[\x20-\x7e]+$/.test(contentType)) throw new ValidationError('Invalid content type');
    options.signal?.throwIfAborted();
    const id = randomBytes(16).toString('base64url');
    const tmpPath = join(this.#dir, TMP, `${id}.part`);
    const fh = await open(tmpPath, 'wx', 0o600);
    let committed = false;
    const stopOnAbort = () => destroySource(source, options.signal?.reason);
    options.signal?.addEventListener('abort', stopOnAbort, { once: true });
    try {
      const { size, sha256 } = await writeContent(fh, source, options);
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
        throw new ValidationError('The content does not match its expected SHA-256', { details: { reason: 'hash_mismatch' } });
      }
      const header: Header = { size, sha256, contentType, createdAt: this.#clock.now() };
      await fh.write(encodeHeader(header), 0, HEADER_BYTES, 0);
      await fh.sync();
      await fh.close();
      const folder = join(this.#dir, options.area, id.slice(0, 2));
      await mkdir(folder, { recursive: true, mode: 0o700 });
      options.signal?.throwIfAborted();
      await rename(tmpPath, join(folder, id));
      committed = true;
      await syncFolder(folder);
      return { key: `${options.area}/${id}`, ...header };
    } finally {
      options.signal?.removeEventListener('abort', stopOnAbort);
      if (!committed) {
        await fh.close().catch(() => undefined);
        await unlink(tmpPath).catch(() => undefined);
      }
    }
  }

  async get(key: string, range?: ByteRange): Promise<BlobRead> {
    const path = this.#pathOf(key);
    if (!path) throw new NotFoundError('No such file');
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      if (isNotFound(err)) throw new NotFoundError('No such file');
      throw err;
    }
    try {
      const header = await readHeader(fh);
      if (range) checkRange(range, header.size);
      const start = HEADER_BYTES + (range?.offset ?? 0);
      const length = range?.length ?? header.size;
      // An empty blob: a stream that ends at once (createReadStream cannot express "no bytes").
      let body: Readable;
      if (length === 0) {
        await fh.close();
        body = Readable.from([]);
      } else {
        body = fh.createReadStream({ start, end: start + length - 1, autoClose: true });
      }
      return { info: { key, ...header }, range: range ? { ...range } : null, body };
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const path = this.#pathOf(key);
    if (!path) return undefined;
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      return { key, ...(await readHeader(fh)) };
    } finally {
      await fh.close();
    }
  }

  async delete(key: string): Promise<boolean> {
    const path = this.#pathOf(key);
    if (!path) return false;
    try {
      await unlink(path);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** The file of a well-formed key; undefined for anything else (no path ever from outside). */
  #pathOf(key: string): string | undefined {
    const m = BLOB_KEY_RE.exec(key);
    if (!m) return undefined;
    const [, area, id] = m as unknown as [string, string, string];
    return join(this.#dir, area, id.slice(0, 2), id);
  }
}

async function writeContent(fh: FileHandle, source: BlobSource, options: PutBlobOptions): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  let position = HEADER_BYTES;
  for await (const chunk of source) {
    options.signal?.throwIfAborted();
    size += chunk.byteLength;
    // Checked before writing: the limit is crossed by this chunk, and the rest is never read.
    if (size > options.maxBytes) throw new TooLargeError(`The file is larger than ${options.maxBytes} bytes`, { details: { limit: options.maxBytes } });
    hash.update(chunk);
    let written = 0;
    while (written < chunk.byteLength) {
      const { bytesWritten } = await fh.write(chunk, written, chunk.byteLength - written, position);
      written += bytesWritten;
      position += bytesWritten;
    }
  }
  options.signal?.throwIfAborted();
  return { size, sha256: hash.digest('hex') };
}

function encodeHeader(h: Header): Buffer {
  const text = `${MAGIC}${JSON.stringify(h)}\n`;
  const buf = Buffer.alloc(HEADER_BYTES, 0x20);
  if (Buffer.byteLength(text) > HEADER_BYTES) throw new ValidationError('Blob header too long');
  buf.write(text, 0, 'utf8');
  return buf;
}

async function readHeader(fh: FileHandle): Promise<Header> {
  const buf = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await fh.read(buf, 0, HEADER_BYTES, 0);
  const text = buf.subarray(0, bytesRead).toString('utf8');
  if (bytesRead < HEADER_BYTES || !text.startsWith(MAGIC)) throw new Error('Corrupt blob header');
  const h = JSON.parse(text.slice(MAGIC.length).trim()) as Header;
  if (!Number.isSafeInteger(h.size) || typeof h.sha256 !== 'string' || typeof h.contentType !== 'string') throw new Error('Corrupt blob header');
  return h;
}

function checkRange(range: ByteRange, size: number): void {
  const ok = Number.isSafeInteger(range.offset) && Number.isSafeInteger(range.length) && range.offset >= 0 && range.length >= 1 && range.offset + range.length <= size;
  if (!ok) throw new ValidationError('The byte range is outside the file', { details: { reason: 'range', size } });
}

async function syncFolder(folder: string): Promise<void> {
  const dh = await open(folder, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

function destroySource(source: BlobSource, reason: unknown): void {
  const s = source as { destroy?: (err?: unknown) => void };
  if (typeof s.destroy === 'function') s.destroy(reason instanceof Error ? reason : new Error('aborted'));
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || (err as NodeJS.ErrnoException | undefined)?.code === 'ENOTDIR';
}

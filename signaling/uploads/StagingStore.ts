/**
 * Where tus keeps uploads on their way: @tus/file-store's FileStore (one data file and one JSON
 * metadata file per upload, in `<dataDir>/uploads`), with three changes:
 * - the opening bytes of a file are checked (magic bytes) as soon as they arrive, so that a
 *   wrong file is refused before the rest of it is sent;
 * - an upload already finished (its bytes moved to the blob store, its staging files removed)
 *   still answers HEAD with offset = length, so a client whose last response was lost sees it
 *   complete instead of starting again;
 * - no deferred length: every upload declares its size up front (limits are checked on it).
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/utils';

export interface StagingHooks {
  /** Throws (an AppError) when the opening bytes show a file that is not accepted. */
  checkOpening(id: string, head: Uint8Array): Promise<void>;
  /** The size of an upload already finished and moved away, or undefined. */
  finishedSize(id: string): Promise<number | undefined>;
  /** Bytes enough for the opening check. */
  sniffBytes: number;
}

export class StagingStore extends FileStore {
  readonly #hooks: StagingHooks;

  constructor(options: { directory: string; expirationMs: number; hooks: StagingHooks }) {
    super({ directory: options.directory, expirationPeriodInMilliseconds: options.expirationMs });
    this.extensions = this.extensions.filter((e) => e !== 'creation-defer-length');
    this.#hooks = options.hooks;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    if ((await this.#hooks.finishedSize(id)) !== undefined) {
      readable.resume(); // already complete: nothing more to write
      return offset;
    }
    const want = this.#hooks.sniffBytes;
    if (offset >= want) return super.write(readable, id, offset);
    const it = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const chunks: Buffer[] = [];
    let got = 0;
    let ended = false;
    while (got < want - offset) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      chunks.push(r.value);
      got += r.value.length;
    }
    const head = Buffer.concat(chunks);
    const upload = await this.getUpload(id);
    const complete = upload.size !== undefined && offset + head.length >= upload.size;
    if (offset + head.length >= want || complete) {
      try {
        await this.#hooks.checkOpening(id, Buffer.concat([await this.#readStart(id, offset), head]));
      } catch (err) {
        readable.destroy();
        await this.remove(id).catch(() => undefined);
        throw err;
      }
    }
    async function* rest() {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }
    return super.write(Readable.from(rest(), { objectMode: false }), id, offset);
  }

  override async getUpload(id: string): Promise<Upload> {
    try {
      return await super.getUpload(id);
    } catch (err) {
      const size = await this.#hooks.finishedSize(id);
      if (size === undefined) throw err;
      return new Upload({ id, size, offset: size });
    }
  }

  /** The first `length` bytes already staged (an earlier request sent them). */
  async #readStart(id: string, length: number): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    // Ids are ours (UploadEndpoint's namingFunction): URL-safe, never a path.
    const fh = await open(join(this.directory, id), 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
}

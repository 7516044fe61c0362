/**
 * The blob-store contract: written once, run against every implementation (conventions §8, §19).
 * `DiskBlobStore.test.ts` runs it on the disk store; an S3-compatible store runs the same suite
 * against a real server (MinIO, never a mock) with its own `ContractTarget`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, NotFoundError, TooLargeError, ValidationError } from '../../errors.js';
import type { BlobStore } from '../BlobStoreTypes.js';

export interface BlobStoreContractTarget {
  /** A new, empty store for one test. */
  open(): Promise<BlobStore>;
  /**
   * Every object the implementation holds, complete or not (temporary files, unfinished
   * multipart uploads): the suite checks that a failed put leaves none behind.
   */
  countStoredObjects(store: BlobStore): Promise<number>;
  /** Releases what `open` made. */
  dispose?(store: BlobStore): Promise<void>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** A source of `chunks` chunks of `size` bytes that records how many were pulled. */
function countingSource(data: Buffer, chunkSize: number): { source: AsyncIterable<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  async function* gen() {
    for (let i = 0; i < data.length; i += chunkSize) {
      pulled++;
      yield data.subarray(i, i + chunkSize);
    }
  }
  return { source: gen(), pulled: () => pulled };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

export function describeBlobStoreContract(target: BlobStoreContractTarget): void {
  let store: BlobStore;
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(async () => {
    await target.dispose?.(store);
  });

  describe('put, stat, get, delete', () => {
    it('stores a streamed blob and reads back the same bytes, size, hash and media type', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const info = await store.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), { area: 'submissions', maxBytes: 10 * 1024 * 1024, contentType: 'image/jpeg' });
      expect(info.key).toMatch(/^submissions\/[A-Za-z0-9_-]{22}$/);
      expect(info).toMatchObject({ size: data.length, sha256: sha(data), contentType: 'image/jpeg' });
      expect(await store.stat(info.key)).toEqual(info);
      const read = await store.get(info.key);
      expect(read.info).toEqual(info);
      expect(read.range).toBeNull();
      expect((await readAll(read.body)).equals(data)).toBe(true);
    });

    it('stores an empty blob', async () => {
      const info = await store.put(Readable.from([]), { area: 'bank', maxBytes: 10 });
      expect(info).toMatchObject({ size: 0, sha256: sha(Buffer.alloc(0)), contentType: 'application/octet-stream' });
      expect((await readAll((await store.get(info.key)).body)).length).toBe(0);
    });

    it('gives every put its own key, even for the same content', async () => {
      const data = Buffer.from('giống hệt nhau');
      const [a, b] = await Promise.all([store.put(Readable.from([data]), { area: 'bank', maxBytes: 100 }), store.put(Readable.from([data]), { area: 'bank', maxBytes: 100 })]);
      expect(a.key).not.toBe(b.key);
      expect(a.sha256).toBe(b.sha256);
    });

    it('keeps concurrent puts apart', async () => {
      const parts = Array.from({ length: 8 }, () => randomBytes(200_000));
      const infos = await Promise.all(parts.map((p) => store.put(countingSource(p, 7_000).source, { area: 'submissions', maxBytes: 1_000_000 })));
      for (const [i, info] of infos.entries()) expect((await readAll((await store.get(info.key)).body)).equals(parts[i]!)).toBe(true);
    });

    it('deletes: stat is undefined, get is NOT_FOUND, a second delete is false', async () => {
      const info = await store.put(Readable.from([Buffer.from('x')]), { area: 'bank', maxBytes: 10 });
      expect(await store.delete(info.key)).toBe(true);
      expect(await store.stat(info.key)).toBeUndefined();
      expect(await rejection(store.get(info.key))).toBeInstanceOf(NotFoundError);
      expect(await store.delete(info.key)).toBe(false);
    });

    it('answers NOT_FOUND for unknown and malformed keys, never reaching outside the store', async () => {
      for (const key of ['bank/AAAAAAAAAAAAAAAAAAAAAA', '../../etc/passwd', 'bank/../../x', '/etc/passwd', '', 'bank\\AAAAAAAAAAAAAAAAAAAAAA', 'BANK/AAAAAAAAAAAAAAAAAAAAAA']) {
        expect(await store.stat(key)).toBeUndefined();
        expect(await rejection(store.get(key))).toBeInstanceOf(NotFoundError);
        expect(await store.delete(key)).toBe(false);
      }
    });

    it('refuses an invalid area', async () => {
      for (const area of ['', '../x', 'a/b', 'Submissions', 'x'.repeat(33)]) {
        expect(await rejection(store.put(Readable.from([Buffer.from('x')]), { area, maxBytes: 10 }))).toBeInstanceOf(ValidationError);
      }
      expect(await target.countStoredObjects(store)).toBe(0);
    });
  });

  describe('byte ranges', () => {
    it('reads exactly the requested bytes', async () => {
      const data = randomBytes(100_000);
      const { key } = await store.put(Readable.from([data]), { area: 'materials', maxBytes: 200_000 });
      for (const range of [{ offset: 0, length: 1 }, { offset: 500, length: 70_000 }, { offset: 99_999, length: 1 }, { offset: 0, length: 100_000 }]) {
        const read = await store.get(key, range);
        expect(read.range).toEqual(range);
        expect((await readAll(read.body)).equals(data.subarray(range.offset, range.offset + range.length))).toBe(true);
      }
    });

    it('refuses a range outside the blob with reason "range"', async () => {
      const { key } = await store.put(Readable.from([Buffer.alloc(10)]), { area: 'materials', maxBytes: 100 });
      for (const range of [{ offset: 10, length: 1 }, { offset: 5, length: 6 }, { offset: -1, length: 2 }, { offset: 0, length: 0 }, { offset: 1.5, length: 1 }]) {
        const err = await rejection(store.get(key, range));
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as AppError).details?.reason).toBe('range');
      }
    });
  });

  describe('failed puts keep nothing', () => {
    it('accepts exactly maxBytes', async () => {
      const info = await store.put(Readable.from([Buffer.alloc(1000)]), { area: 'submissions', maxBytes: 1000 });
      expect(info.size).toBe(1000);
    });

    it('refuses past maxBytes as soon as the limit is crossed, without reading the rest', async () => {
      const { source, pulled } = countingSource(randomBytes(1_000_000), 10_000);
      const err = await rejection(store.put(source, { area: 'submissions', maxBytes: 55_000 }));
      expect(err).toBeInstanceOf(TooLargeError);
      expect(pulled()).toBe(6);
      expect(await target.countStoredObjects(store)).toBe(0);
    });

    it('rejects with the source error when the source fails midway (a truncated upload)', async () => {
      async function* truncated() {
        yield randomBytes(50_000);
        throw new Error('connection reset');
      }
      const err = await rejection(store.put(truncated(), { area: 'submissions', maxBytes: 1_000_000 }));
      expect((err as Error).message).toBe('connection reset');
      expect(await target.countStoredObjects(store)).toBe(0);
    });

    it('stops when aborted, even while the source is waiting', async () => {
      const controller = new AbortController();
      const source = new Readable({ read() {} });
      source.push(randomBytes(10_000));
      const put = store.put(source, { area: 'submissions', maxBytes: 1_000_000, signal: controller.signal });
      setTimeout(() => controller.abort(new Error('client went away')), 50);
      expect(await rejection(put)).toBeInstanceOf(Error);
      expect(await target.countStoredObjects(store)).toBe(0);
    });

    it('checks an expected hash: a match is stored, a mismatch refused with reason "hash_mismatch"', async () => {
      const data = Buffer.from('bài làm của em');
      const ok = await store.put(Readable.from([data]), { area: 'submissions', maxBytes: 100, expectedSha256: sha(data) });
      expect(ok.sha256).toBe(sha(data));
      const err = await rejection(store.put(Readable.from([data]), { area: 'submissions', maxBytes: 100, expectedSha256: sha(Buffer.from('khác')) }));
      expect((err as AppError).details?.reason).toBe('hash_mismatch');
      expect(await target.countStoredObjects(store)).toBe(1);
    });
  });
}

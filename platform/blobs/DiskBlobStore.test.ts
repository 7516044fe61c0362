import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './contract/blobStoreContract.js';
import { DiskBlobStore } from './DiskBlobStore.js';
import type { BlobStore } from './BlobStoreTypes.js';

const root = mkdtempSync(join(tmpdir(), 'classroom-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dirs = new Map<BlobStore, string>();

/** Every file under `dir`, temporary ones included. */
function countFiles(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    count += statSync(path).isDirectory() ? countFiles(path) : 1;
  }
  return count;
}

describe('blob store contract: disk', () => {
  describeBlobStoreContract({
    open: async () => {
      const dir = join(root, `s${++n}`);
      const store = await DiskBlobStore.open({ dir });
      dirs.set(store, dir);
      return store;
    },
    countStoredObjects: async (store) => countFiles(dirs.get(store)!),
    dispose: async (store) => rmSync(dirs.get(store)!, { recursive: true, force: true }),
  });
});

describe('DiskBlobStore', () => {
  it('open() sweeps temporary files older than staleTempMs and keeps younger ones', async () => {
    const dir = join(root, 'sweep');
    const first = await DiskBlobStore.open({ dir });
    const { key } = await first.put(Readable.from([Buffer.from('giữ lại')]), { area: 'bank', maxBytes: 100 });
    const old = join(dir, '.tmp', 'old.part');
    const young = join(dir, '.tmp', 'young.part');
    writeFileSync(old, 'half a file');
    writeFileSync(young, 'still being written');
    utimesSync(old, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));
    const second = await DiskBlobStore.open({ dir });
    expect(readdirSync(join(dir, '.tmp'))).toEqual(['young.part']);
    expect(await second.stat(key)).toBeDefined();
  });

  it('refuses a file whose header is not a blob header (a stray file is never served)', async () => {
    const dir = join(root, 'stray');
    const store = await DiskBlobStore.open({ dir });
    const { key } = await store.put(Readable.from([Buffer.from('x')]), { area: 'bank', maxBytes: 10 });
    const [, id] = key.split('/') as [string, string];
    writeFileSync(join(dir, 'bank', id.slice(0, 2), id), 'not a blob');
    await expect(store.get(key)).rejects.toThrow(/Corrupt blob header/);
  });
});

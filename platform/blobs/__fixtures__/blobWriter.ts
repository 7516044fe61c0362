/**
 * Child process of diskBlobCrash.int.test.ts: puts one small blob and prints "ack <key> <sha256>",
 * then starts a large put that writes slowly and prints "writing <bytes>" as it goes, until the
 * parent SIGKILLs it.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DiskBlobStore } from '../DiskBlobStore.js';

const store = await DiskBlobStore.open({ dir: process.argv[2] ?? 'blobs' });
const done = await store.put(Readable.from([randomBytes(64_000)]), { area: 'submissions', maxBytes: 1_000_000 });
process.stdout.write(`ack ${done.key} ${done.sha256}\n`);
let sent = 0;
async function* slow() {
  for (;;) {
    const chunk = randomBytes(64 * 1024);
    sent += chunk.length;
    yield chunk;
    process.stdout.write(`writing ${sent}\n`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
await store.put(slow(), { area: 'submissions', maxBytes: 1_000_000_000 });

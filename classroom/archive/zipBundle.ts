/**
 * Zips bundle entries one after another into a stream (yazl: already a dependency for the
 * assignment hand-in zips; maintained, streams, writes UTF-8 names and ZIP64 past 4 GiB), hashing
 * each file as it goes through, and ends with `manifest.json`: the SHA-256 and size of every file,
 * so that the school can show later that nothing in the bundle was changed.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { BundleEntry } from './bundleContents.js';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'lophoc-archive/1';
  createdAt: string;
  /** What the bundle is of (class, period, who asked). */
  about: Record<string, string | number>;
  files: ManifestFile[];
}

export const MANIFEST_PATH = 'manifest.json';

/**
 * Starts zipping: returns the zip's byte stream at once (the caller stores it) and a promise of
 * the manifest, settled when every entry went in. `onEntry(i)` is called after the i-th file;
 * `onBytes(n, entry)` as each piece of a file goes into the zip (as fast as the zip is consumed,
 * so it measures the bundle's real progress). An entry that fails to open or read fails the zip
 * stream with that error.
 */
export function zipBundle(
  entries: readonly BundleEntry[],
  about: Manifest['about'],
  options: { now: Date; onEntry?(done: number): void; onBytes?(bytes: number, entry: BundleEntry): void; signal?: AbortSignal },
): { zip: Readable; manifest: Promise<Manifest> } {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.outputStream.on('error', (err: Error) => out.destroy(err));
  zip.outputStream.pipe(out);
  const mtime = options.now;
  const manifest = (async (): Promise<Manifest> => {
    const files: ManifestFile[] = [];
    for (const [i, entry] of entries.entries()) {
      options.signal?.throwIfAborted();
      files.push(await addEntry(zip, entry, mtime, options.signal, (n) => options.onBytes?.(n, entry)));
      options.onEntry?.(i + 1);
    }
    const m: Manifest = { format: 'lophoc-archive/1', createdAt: mtime.toISOString(), about, files };
    zip.addBuffer(Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8'), MANIFEST_PATH, { mtime, compress: true });
    zip.end();
    return m;
  })();
  manifest.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { zip: out, manifest };
}

/** Adds one file; resolves with its hash once yazl has read it all (yazl reads as the zip is consumed). */
async function addEntry(zip: yazl.ZipFile, entry: BundleEntry, mtime: Date, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<ManifestFile> {
  const content = await entry.open();
  const hash = createHash('sha256');
  if (Buffer.isBuffer(content)) {
    zip.addBuffer(content, entry.path, { mtime, compress: entry.compress });
    onBytes(content.length);
    return { path: entry.path, bytes: content.length, sha256: hash.update(content).digest('hex') };
  }
  let bytes = 0;
  // Hashed inside the transform, so bytes flow only as fast as yazl reads them.
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      hash.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  content.on('error', (err) => counted.destroy(err));
  // Whoever stops consuming the zip (a failed store) aborts, or this entry would wait for ever.
  const onAbort = () => (content.destroy(), counted.destroy(new Error('the bundle was abandoned')));
  signal?.addEventListener('abort', onAbort, { once: true });
  const finished = new Promise<void>((resolve, reject) => {
    counted.on('end', resolve);
    counted.on('error', reject);
    counted.on('close', () => (counted.readableEnded ? resolve() : reject(new Error(`${entry.path}: the file ended early`))));
  });
  zip.addReadStream(content.pipe(counted), entry.path, { mtime, compress: entry.compress });
  await finished.finally(() => signal?.removeEventListener('abort', onAbort));
  return { path: entry.path, bytes, sha256: hash.digest('hex') };
}

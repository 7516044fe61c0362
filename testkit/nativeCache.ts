/**
 * Throwaway build caches for tests of the native-build lookups (sfu/native/cacheLayout.js):
 * entries laid out as `npm run media:build` lays them out, with stamps that do or do not match.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SrtpStamp, WorkerStamp } from '../sfu/native/cacheLayout.js';

export interface TempCache {
  dir: string;
  dispose(): void;
}

export function tempCache(): TempCache {
  const dir = mkdtempSync(join(tmpdir(), 'lophoc-cache-test-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/**
 * A worker entry whose "binary" is a tiny shell script. `stamp` overrides the stamp's fields
 * (a wrong version, a wrong sha256); `stamp: null` writes no stamp.
 */
export function fakeWorkerEntry(cacheDir: string, name: string, version: string, stamp: Partial<WorkerStamp> | null = {}): string {
  const dir = join(cacheDir, name);
  mkdirSync(dir, { recursive: true });
  const body = `#!/bin/sh\n# fake mediasoup worker ${name}\nexit 41\n`;
  writeFileSync(join(dir, 'mediasoup-worker'), body, { mode: 0o755 });
  if (stamp !== null) {
    const full: WorkerStamp = { kind: 'mediasoup-worker', version, sha256: sha256(body), srtpLibrary: 'openssl', source: 'build', builtAt: new Date(0).toISOString(), ...stamp };
    writeFileSync(join(dir, 'stamp.json'), JSON.stringify(full));
  }
  return dir;
}

/** A libsrtp2 entry with placeholder libraries and a matching (or overridden) stamp. */
export function fakeSrtpEntry(cacheDir: string, name: string, stamp: Partial<SrtpStamp> = {}): string {
  const dir = join(cacheDir, name);
  mkdirSync(join(dir, 'shared'), { recursive: true });
  mkdirSync(join(dir, 'static/lib'), { recursive: true });
  writeFileSync(join(dir, 'shared/libsrtp2.so.1'), 'shared');
  writeFileSync(join(dir, 'static/lib/libsrtp2.a'), 'static');
  const full: SrtpStamp = {
    kind: 'libsrtp2',
    version: '2.5.0',
    crypto: 'openssl',
    source: 'libsrtp2_2.5.0-3.dsc',
    sharedSha256: sha256('shared'),
    staticSha256: sha256('static'),
    builtAt: new Date(0).toISOString(),
    ...stamp,
  };
  writeFileSync(join(dir, 'stamp.json'), JSON.stringify(full));
  return dir;
}

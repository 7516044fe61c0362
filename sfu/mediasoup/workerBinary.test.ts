import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version as installed } from 'mediasoup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSrtpEntry, fakeWorkerEntry, tempCache, type TempCache } from '../../testkit/nativeCache.js';
import { findRepoRoot, prebuiltEntryName, srtpEntryName, workerEntryName } from '../native/cacheLayout.js';
import { WorkerBinaryError, resolveMediasoupWorker, workerForEngine } from './workerBinary.js';

const repoRoot = findRepoRoot(import.meta.dirname) as string;
const V = '3.19.22';

let cache: TempCache;
beforeEach(() => {
  cache = tempCache();
});
afterEach(() => cache.dispose());

function resolveError(options: Parameters<typeof resolveMediasoupWorker>[0]): WorkerBinaryError {
  try {
    resolveMediasoupWorker(options);
  } catch (err) {
    if (err instanceof WorkerBinaryError) return err;
    throw err;
  }
  throw new Error('resolveMediasoupWorker() did not throw');
}

describe('resolveMediasoupWorker()', () => {
  const base = () => ({ cacheDir: cache.dir, repoRoot, version: V });

  it('finds the project build for the installed version, with the SRTP library of its stamp', () => {
    const dir = fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V, { srtpLibrary: 'system' });
    expect(resolveMediasoupWorker(base())).toEqual({ workerBin: join(dir, 'mediasoup-worker'), srtpLibrary: 'system', version: V, source: 'build' });
  });

  it('prefers the build linked with the OpenSSL libsrtp2 when that library is in the cache', () => {
    const srtp = srtpEntryName(repoRoot);
    fakeSrtpEntry(cache.dir, srtp);
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V, { srtpLibrary: 'system' });
    const openssl = fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, srtp), V, { srtpLibrary: 'openssl' });
    expect(resolveMediasoupWorker(base())).toMatchObject({ workerBin: join(openssl, 'mediasoup-worker'), srtpLibrary: 'openssl' });
  });

  it("uses mediasoup's prebuilt worker when the cache holds one", () => {
    const dir = fakeWorkerEntry(cache.dir, prebuiltEntryName(V), V, { source: 'prebuilt' });
    expect(resolveMediasoupWorker(base())).toMatchObject({ workerBin: join(dir, 'mediasoup-worker'), source: 'prebuilt', srtpLibrary: 'openssl' });
  });

  it('refuses a cache entry holding the worker of another version, naming the command that fixes it', () => {
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V, { version: '3.19.21' });
    const err = resolveError(base());
    expect(err.message).toMatch(/is the worker of mediasoup 3\.19\.21, but node_modules has mediasoup 3\.19\.22/);
    expect(err.message).toContain('npm run media:build');
    expect(err.code).toBe('UNAVAILABLE');
  });

  it('refuses a binary that does not match its stamp (corrupt or replaced)', () => {
    const dir = fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V);
    writeFileSync(join(dir, 'mediasoup-worker'), '#!/bin/sh\nexit 0\n');
    expect(resolveError(base()).message).toMatch(/does not match its stamp .*corrupt or replaced.*Fix: npm run media:build/);
  });

  it('refuses an entry without its stamp', () => {
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V, null);
    expect(resolveError(base()).message).toMatch(/stamp .*stamp\.json is missing/);
  });

  it('says when the cache only has workers of other versions (mediasoup was upgraded, not rebuilt)', () => {
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, '3.19.21', undefined), '3.19.21');
    const err = resolveError(base());
    expect(err.message).toMatch(/no worker of mediasoup 3\.19\.22 for this checkout in .* \(it has workers of mediasoup 3\.19\.21 only\)\. Fix: npm run media:build/);
  });

  it('srtpLibrary "system" takes only the build on the system libsrtp2, and says how to build it when missing', () => {
    const srtp = srtpEntryName(repoRoot);
    fakeSrtpEntry(cache.dir, srtp);
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, srtp), V, { srtpLibrary: 'openssl' });
    const err = resolveError({ ...base(), srtpLibrary: 'system' });
    expect(err.message).toMatch(/no worker of mediasoup 3\.19\.22 linked with the system libsrtp2/);
    expect(err.fix).toBe('npm run media:build -- --system-srtp-worker');
    const system = fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V, { srtpLibrary: 'system' });
    expect(resolveMediasoupWorker({ ...base(), srtpLibrary: 'system' })).toMatchObject({ workerBin: join(system, 'mediasoup-worker'), srtpLibrary: 'system' });
    expect(resolveMediasoupWorker(base()).srtpLibrary).toBe('openssl');
  });

  it('does not use the entry of another patch (the key covers the build scripts)', () => {
    fakeWorkerEntry(cache.dir, `mediasoup-worker-${V}-000000000000-system`, V);
    expect(resolveError(base()).message).toMatch(/no worker of mediasoup 3\.19\.22 for this checkout/);
  });

  it('MEDIASOUP_WORKER_BIN wins and is checked against a stamp beside it', () => {
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, V, undefined), V);
    const mine = fakeWorkerEntry(cache.dir, 'mine', V, { srtpLibrary: 'system' });
    expect(resolveMediasoupWorker({ ...base(), workerBin: join(mine, 'mediasoup-worker') })).toMatchObject({ source: 'env', srtpLibrary: 'system' });
    const old = fakeWorkerEntry(cache.dir, 'old', V, { version: '3.18.0' });
    const err = resolveError({ ...base(), workerBin: join(old, 'mediasoup-worker') });
    expect(err.message).toMatch(/MEDIASOUP_WORKER_BIN: .* is the worker of mediasoup 3\.18\.0/);
    expect(err.fix).toMatch(/unset MEDIASOUP_WORKER_BIN/);
  });

  it('MEDIASOUP_WORKER_BIN without a stamp is trusted, with a warning to log', () => {
    const dir = fakeWorkerEntry(cache.dir, 'unstamped', V, null);
    const found = resolveMediasoupWorker({ ...base(), workerBin: join(dir, 'mediasoup-worker') });
    expect(found).toMatchObject({ source: 'env', srtpLibrary: 'unknown', version: V });
    expect(found.warning).toMatch(/no stamp\.json beside it: used as the worker of mediasoup 3\.19\.22 without a version check/);
    expect(resolveError({ ...base(), workerBin: join(cache.dir, 'nope') }).message).toMatch(/is not an executable file/);
  });

  it('defaults to the installed mediasoup version', () => {
    fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, installed, undefined), installed);
    expect(resolveMediasoupWorker({ cacheDir: cache.dir, repoRoot }).version).toBe(installed);
  });
});

describe('workerForEngine() (what MediasoupEngine.start() runs)', () => {
  it('takes the engine option, else MEDIASOUP_WORKER_BIN, else the build cache of LOPHOC_CACHE_DIR', () => {
    const cached = fakeWorkerEntry(cache.dir, workerEntryName(repoRoot, installed, undefined), installed, { srtpLibrary: 'system' });
    const fromEnv = fakeWorkerEntry(cache.dir, 'env', installed);
    const fromOption = fakeWorkerEntry(cache.dir, 'option', installed);
    const env = { LOPHOC_CACHE_DIR: cache.dir, MEDIASOUP_WORKER_BIN: join(fromEnv, 'mediasoup-worker') };
    expect(workerForEngine(join(fromOption, 'mediasoup-worker'), env).workerBin).toBe(join(fromOption, 'mediasoup-worker'));
    expect(workerForEngine(undefined, env).workerBin).toBe(join(fromEnv, 'mediasoup-worker'));
    expect(workerForEngine(undefined, { ...env, MEDIASOUP_WORKER_BIN: '' })).toMatchObject({ workerBin: join(cached, 'mediasoup-worker'), source: 'build', srtpLibrary: 'system' });
  });

  it('an empty cache is one clear error naming the command that builds the worker', () => {
    expect(() => workerForEngine(undefined, { LOPHOC_CACHE_DIR: cache.dir })).toThrow(/mediasoup worker: no worker of mediasoup .* Fix: npm run media:build/);
  });
});

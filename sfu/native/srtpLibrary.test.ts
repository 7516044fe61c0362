import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../platform/index.js';
import { fakeSrtpEntry, tempCache, type TempCache } from '../../testkit/nativeCache.js';
import { findRepoRoot, srtpEntryName } from './cacheLayout.js';
import { janusEnvironment, resolveSrtpLibrary } from './srtpLibrary.js';
import { srtpLibraryChosen } from './srtpMetric.js';

const repoRoot = findRepoRoot(import.meta.dirname) as string;

let cache: TempCache;
beforeEach(() => {
  cache = tempCache();
});
afterEach(() => cache.dispose());

describe('resolveSrtpLibrary()', () => {
  it('chooses the OpenSSL build when the cache holds a good one for this checkout', () => {
    const dir = fakeSrtpEntry(cache.dir, srtpEntryName(repoRoot));
    const choice = resolveSrtpLibrary({ cacheDir: cache.dir, repoRoot });
    expect(choice).toMatchObject({ library: 'openssl', sharedLibDir: join(dir, 'shared') });
    expect(choice.detail).toContain('libsrtp 2.5.0 built with OpenSSL from libsrtp2_2.5.0-3.dsc');
  });

  it('falls back to the system library, saying why, when the entry is missing or corrupt', () => {
    expect(resolveSrtpLibrary({ cacheDir: cache.dir, repoRoot })).toMatchObject({ library: 'system', sharedLibDir: undefined });
    expect(resolveSrtpLibrary({ cacheDir: cache.dir, repoRoot }).detail).toMatch(/stamp\.json is missing \(`npm run media:build` builds it/);
    const dir = fakeSrtpEntry(cache.dir, srtpEntryName(repoRoot));
    writeFileSync(join(dir, 'shared/libsrtp2.so.1'), 'tampered');
    expect(resolveSrtpLibrary({ cacheDir: cache.dir, repoRoot }).detail).toMatch(/does not match its stamp/);
  });

  it('uses the system library when the options say so, even with the OpenSSL build present', () => {
    fakeSrtpEntry(cache.dir, srtpEntryName(repoRoot));
    expect(resolveSrtpLibrary({ cacheDir: cache.dir, repoRoot, prefer: 'system' })).toMatchObject({ library: 'system', sharedLibDir: undefined });
  });
});

describe('janusEnvironment()', () => {
  it('puts the OpenSSL build first on the loader path of Janus, keeping the rest of the environment', () => {
    expect(janusEnvironment('/c/shared', { PATH: '/bin', LD_LIBRARY_PATH: '/opt/lib' })).toEqual({ PATH: '/bin', LD_LIBRARY_PATH: '/c/shared:/opt/lib' });
    expect(janusEnvironment('/c/shared', { PATH: '/bin' })).toEqual({ PATH: '/bin', LD_LIBRARY_PATH: '/c/shared' });
    const base = { PATH: '/bin' };
    expect(janusEnvironment(undefined, base)).toBe(base);
  });
});

describe('classroom_sfu_srtp_library_info', () => {
  it('holds one series per engine, set to 1 for the library in use', async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    srtpLibraryChosen(registry, 'janus', 'system');
    srtpLibraryChosen(registry, 'janus', 'openssl');
    srtpLibraryChosen(registry, 'mediasoup', 'unknown');
    srtpLibraryChosen(registry, 'mediasoup', 'openssl');
    const text = await registry.metrics();
    expect(text).toContain('classroom_sfu_srtp_library_info{engine="janus",library="openssl"} 1');
    expect(text).toContain('classroom_sfu_srtp_library_info{engine="mediasoup",library="openssl"} 1');
    expect(text).not.toContain('library="system"');
    expect(text).not.toContain('library="unknown"');
  });
});

/**
 * Janus really runs on the SRTP library the engine reports: read from /proc/<pid>/maps of a
 * started Janus process. `npm test` runs `npm run media:build` first, so the OpenSSL build is in
 * the cache unless it could not be built; .ci/run sets LOPHOC_REQUIRE_OPENSSL_SRTP=1 so that CI
 * fails instead of quietly testing the fallback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../../testkit/janusEngine.js';
import { resolveSrtpLibrary } from './srtpLibrary.js';

/** Paths of the libsrtp2 shared objects mapped into process `pid`. */
function srtpLibsOf(pid: number): string[] {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  return [...new Set([...maps.matchAll(/\s(\/\S*libsrtp2\.so[.\d]*)$/gm)].map((m) => m[1] as string))];
}

function janusPid(t: TestEngine): number {
  const pid = Object.values(t.engine.instancePids())[0];
  if (pid === undefined) throw new Error('no Janus process');
  return pid;
}

let running: TestEngine | undefined;
afterEach(async () => {
  await running?.dispose();
  running = undefined;
});

describe('the SRTP library of Janus processes', () => {
  it('a Janus process loads the cached OpenSSL libsrtp2 when the cache has it (else the system one), as /metrics says', async () => {
    const choice = resolveSrtpLibrary();
    if (process.env.LOPHOC_REQUIRE_OPENSSL_SRTP === '1') expect(choice.library, choice.detail).toBe('openssl');
    running = await startTestEngine();
    const libs = srtpLibsOf(janusPid(running));
    if (choice.library === 'openssl') {
      expect(libs).toEqual([join(choice.sharedLibDir as string, 'libsrtp2.so.1')]);
    } else {
      expect(libs).toHaveLength(1);
      expect(libs[0]).toMatch(/^(\/usr)?\/lib\/x86_64-linux-gnu\/libsrtp2\.so\.1/);
    }
    expect(await running.registry.metrics()).toContain(`classroom_sfu_srtp_library_info{engine="janus",library="${choice.library}"} 1`);
    // Only Janus gets the library path: this process's environment is untouched.
    expect(process.env.LD_LIBRARY_PATH ?? '').not.toContain('libsrtp2');
  });

  it('srtpLibrary: "system" keeps Janus on the system library', async () => {
    running = await startTestEngine({ srtpLibrary: 'system' });
    const libs = srtpLibsOf(janusPid(running));
    expect(libs).toHaveLength(1);
    expect(libs[0]).toMatch(/^(\/usr)?\/lib\/x86_64-linux-gnu\/libsrtp2\.so\.1/);
    expect(await running.registry.metrics()).toContain('classroom_sfu_srtp_library_info{engine="janus",library="system"} 1');
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheRoot, findRepoRoot, srtpEntryName, workerEntryName } from '../../sfu/native/cacheLayout.js';
import { parseSrtpDriver, withLock } from './cacheOps.mjs';
import { SRTP_NEEDS, WORKER_NEEDS, WORKER_SYSTEM_SRTP_NEEDS, missingMessage, missingPackages, systemProbe } from './prerequisites.mjs';

const repoRoot = findRepoRoot(import.meta.dirname) as string;
const dirs: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('build prerequisites', () => {
  it('names every missing Debian package once, sorted, with the apt-get line that installs them', () => {
    const probe = { hasCommand: (cmd: string) => cmd !== 'ninja' && cmd !== 'c++', hasPkgConfig: (m: string) => m !== 'libuv' };
    const missing = missingPackages(WORKER_NEEDS, probe);
    expect(missing).toEqual(['build-essential', 'libuv1-dev', 'ninja-build']);
    expect(missingMessage('the mediasoup worker 3.19.22', missing)).toBe(
      'cannot build the mediasoup worker 3.19.22: missing Debian packages build-essential libuv1-dev ninja-build. ' +
        'Install them with: sudo apt-get install -y build-essential libuv1-dev ninja-build',
    );
  });

  it("the README's apt-get lines and .ci/run install every package the native builds need", () => {
    // Pulled in by what the lines name: build-essential -> dpkg-dev, binutils; meson -> python3.
    const implied = new Set(['apt', 'dpkg-dev', 'binutils', 'python3']);
    const needed = [...new Set([...WORKER_NEEDS, ...WORKER_SYSTEM_SRTP_NEEDS, ...SRTP_NEEDS].map((n) => n.pkg))].filter((p) => !implied.has(p));
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const lines = [...readme.matchAll(/^\$\(command -v sudo\) apt-get install -y (.*) && npm ci && npm (start|test)$/gm)];
    expect(lines.map((m) => m[2])).toEqual(['start', 'test']);
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8').replace(/\\\n/g, ' ');
    const ciLine = /apt-get install -y -qq --no-install-recommends (.*) >\/dev\/null/.exec(ci)?.[1] ?? '';
    expect(ciLine).toContain('chromium');
    // The Janus engine is gone (issue 12): its package is installed nowhere.
    for (const line of [...lines.map((m) => m[1] ?? ''), ciLine]) expect(line.split(/\s+/)).not.toContain('janus');
    for (const packages of [...lines.map((m) => m[1] ?? ''), ciLine]) {
      expect(needed.filter((p) => !packages.split(/\s+/).includes(p)), packages).toEqual([]);
    }
  });

  it('finds everything on a machine set up by the README (as .ci/run sets up CI)', () => {
    expect(missingPackages(WORKER_NEEDS, systemProbe)).toEqual([]);
  });

  it('`npm run media:build` without the tools fails at once with that one message', { timeout: 30_000 }, () => {
    const cache = temp('lophoc-cache-');
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'build.mjs')], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent', HOME: cache, LOPHOC_CACHE_DIR: cache, LOPHOC_MEDIASOUP_PREBUILT: '0' },
    });
    expect(r.status).toBe(1);
    const errors = r.stderr.trim().split('\n').filter((l) => !l.includes('WARNING'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^media:build: cannot build the mediasoup worker \d+\.\d+\.\d+: missing Debian packages .*build-essential.*libsrtp2-dev.*meson.*ninja-build.*\. Install them with: sudo apt-get install -y /);
    // libsrtp2 could not be built either: said as a warning, and nothing half-built is left.
    expect(r.stderr).toMatch(/WARNING: SRTP stays on the system libsrtp2 \(NSS\): cannot build libsrtp2 with OpenSSL: missing Debian packages/);
    expect(existsSync(join(cache, srtpEntryName(repoRoot)))).toBe(false);
  });
});

describe('cache layout', () => {
  it('LOPHOC_CACHE_DIR, then XDG_CACHE_HOME/lophoc, then ~/.cache/lophoc', () => {
    expect(cacheRoot({ LOPHOC_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/lophoc');
    expect(cacheRoot({ HOME: '/h' })).toBe('/h/.cache/lophoc');
  });

  it('a change of the patch, the version or the SRTP library is a new worker key; of libsrtp2.sh, a new SRTP key', () => {
    const copy = temp('lophoc-repo-');
    mkdirSync(join(copy, 'scripts'));
    cpSync(join(repoRoot, 'scripts/media'), join(copy, 'scripts/media'), { recursive: true });
    writeFileSync(join(copy, 'package.json'), '{}');
    expect(findRepoRoot(join(copy, 'scripts/media'))).toBe(copy);
    const srtp = srtpEntryName(copy);
    const worker = workerEntryName(copy, '3.19.22', srtp);
    expect(srtp).toMatch(/^libsrtp2-2\.5\.0-openssl-[0-9a-f]{12}$/);
    expect(worker).toMatch(/^mediasoup-worker-3\.19\.22-[0-9a-f]{12}-openssl$/);
    expect(workerEntryName(copy, '3.19.22', undefined)).toMatch(/-system$/);
    const hashOf = (name: string) => name.split('-').at(-2);
    expect(hashOf(workerEntryName(copy, '3.19.23', srtp))).not.toBe(hashOf(worker));
    const patch = join(copy, 'scripts/media/patch-mediasoup-worker.py');
    writeFileSync(patch, `${readFileSync(patch, 'utf8')}\n# changed\n`);
    expect(workerEntryName(copy, '3.19.22', srtp)).not.toBe(worker);
    expect(srtpEntryName(copy)).toBe(srtp);
    const script = join(copy, 'scripts/media/libsrtp2.sh');
    writeFileSync(script, `${readFileSync(script, 'utf8')}\n# changed\n`);
    expect(srtpEntryName(copy)).not.toBe(srtp);
  });
});

describe('build helpers', () => {
  it('reads the AES-CM-128 + HMAC-SHA1 figures from `srtp_driver -t`', () => {
    const text = [
      '# rtp cipher:    null cipher\n# rtp auth:      hmac sha-1 authentication function\n1024\t\t\t8205.04\n',
      '# rtp cipher:    AES-128 counter mode using openssl\n# rtp auth:      null authentication function\n1024\t\t\t40558.47\n',
      '# rtp cipher:    AES-128 counter mode using openssl\n# rtp auth:      hmac sha-1 authentication function\n# testing srtp throughput:\n16\t\t\t222.65\n1024\t\t\t8370.4\n',
    ].join('\n\n');
    expect(parseSrtpDriver(text)).toEqual({ '16': 223, '1024': 8370 });
    expect(parseSrtpDriver('nothing')).toBeUndefined();
  });

  it('one build per entry: a second builder waits for the lock; a dead holder\'s lock is taken over', { timeout: 30_000 }, async () => {
    const entry = join(temp('lophoc-lock-'), 'entry');
    const order: string[] = [];
    const said: string[] = [];
    let release = () => {};
    const first = withLock(entry, () => new Promise<void>((r) => (release = () => { order.push('first done'); r(); })), (m) => said.push(m));
    await new Promise((r) => setTimeout(r, 50));
    // Same process: a live pid holds it, so the second waits.
    const second = withLock(entry, async () => { order.push('second ran'); }, (m) => said.push(m));
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'second ran']);
    expect(said[0]).toMatch(/waiting for another build of .*entry \(pid \d+\)/);

    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(`${entry}.lock`, String(dead.pid));
    await withLock(entry, async () => { order.push('took over'); }, () => {});
    expect(order.at(-1)).toBe('took over');
    expect(existsSync(`${entry}.lock`)).toBe(false);
  });
});

#!/usr/bin/env node
// @ts-check
/**
 * `npm run media:build` (run by `npm run build`, so by `npm start` and `npm test`): makes sure the
 * build cache (sfu/native/cacheLayout.js) holds, for this checkout,
 *   1. libsrtp2 2.5.0 with OpenSSL crypto (scripts/media/libsrtp2.sh). Where it cannot be built
 *      (no source reachable, missing tools, build or test failure) the engines run on the system
 *      libsrtp2: a warning here, one log line at server start and a gauge in /metrics say so.
 *      A failed attempt is remembered; `--retry-srtp` tries again.
 *   2. the mediasoup worker of the installed mediasoup version: mediasoup's own prebuilt download
 *      when GitHub answers within seconds, else built from node_modules/mediasoup/worker with the
 *      project's patch (scripts/media/mediasoup-worker.sh, ~10 min on 2 cores), linked with the
 *      OpenSSL libsrtp2 when (1) succeeded. A failure here fails the command with one message.
 * A cache hit takes a fraction of a second. Options:
 *   --rebuild      drop this checkout's entries (both) and build them again
 *   --retry-srtp   try libsrtp2 again after a recorded failure
 *   --no-prebuilt  never download mediasoup's prebuilt worker (also LOPHOC_MEDIASOUP_PREBUILT=0)
 *   --system-srtp-worker  also build the worker linked with the system libsrtp2 (what the engine
 *                  option `srtpLibrary: "system"` runs; `bench:fanout --compare-srtp` on mediasoup)
 * Environment: LOPHOC_CACHE_DIR (cache folder), LOPHOC_SRTP=system (skip 1), JOBS (ninja/make
 * jobs, default 2), MEDIASOUP_WORKER_BIN (your own worker: step 2 is skipped).
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUILD_COMMAND,
  LIBSRTP_VERSION,
  SRTP_SHARED_LIB,
  SRTP_STATIC_LIB,
  WORKER_FILE,
  cacheRoot,
  checkSrtpEntry,
  checkWorkerEntry,
  findRepoRoot,
  prebuiltEntryName,
  sha256File,
  srtpEntryName,
  workerEntryName,
} from '../../sfu/native/cacheLayout.js';
import { commitStage, freshStage, parseSrtpDriver, runLogged, scratchPath, tail, withLock } from './cacheOps.mjs';
import { downloadPrebuilt } from './prebuilt.mjs';
import { SRTP_NEEDS, WORKER_NEEDS, WORKER_SYSTEM_SRTP_NEEDS, missingMessage, missingPackages } from './prerequisites.mjs';

class BuildError extends Error {}

const started = Date.now();
const args = new Set(process.argv.slice(2));
const here = dirname(fileURLToPath(import.meta.url));
const repo = findRepoRoot(here) ?? join(here, '..', '..');
const root = cacheRoot();
/** @param {string} m */
const say = (m) => console.log(`media:build: ${m}`);
/** @param {string} m */
const warn = (m) => console.warn(`media:build: WARNING: ${m}`);
const seconds = (/** @type {number} */ from) => Math.round((Date.now() - from) / 100) / 10;

/** @param {string} dir */
function drop(dir) {
  for (const path of [dir, `${dir}.failed.json`, `${dir}.failed.log`]) rmSync(path, { recursive: true, force: true });
}

/** @param {string} line */
const stepLines = (line) => (line.startsWith('== ') ? `  ${line.slice(3)}` : undefined);

/** @returns {Promise<{ entry?: string, dir?: string, reason?: string }>} */
async function ensureSrtp() {
  if (process.env.LOPHOC_SRTP === 'system') return { reason: 'LOPHOC_SRTP=system' };
  const entry = srtpEntryName(repo);
  const dir = join(root, entry);
  if (args.has('--rebuild')) drop(dir);
  const check = checkSrtpEntry(dir);
  if (check.ok) return { entry, dir };
  if (existsSync(dir)) {
    warn(`${check.problem}: building it again`);
    drop(dir);
  }
  const failed = `${dir}.failed.json`;
  if (existsSync(failed) && !args.has('--retry-srtp')) {
    const f = JSON.parse(readFileSync(failed, 'utf8'));
    return { reason: `${f.reason} (failed ${f.at}; \`${BUILD_COMMAND} -- --retry-srtp\` tries again)` };
  }
  const missing = missingPackages(SRTP_NEEDS);
  if (missing.length > 0) return { reason: missingMessage(`libsrtp2 with OpenSSL`, missing) };
  return withLock(dir, async () => {
    if (checkSrtpEntry(dir).ok) return { entry, dir };
    say(`building libsrtp2 ${LIBSRTP_VERSION} with OpenSSL from Debian's source package (about 2 minutes)`);
    const t0 = Date.now();
    const stage = freshStage(dir);
    const work = mkdtempSync(join(tmpdir(), 'lophoc-libsrtp2-'));
    const dropWork = scratchPath(work);
    try {
      const log = join(stage, 'build.log');
      const code = await runLogged('bash', [join(here, 'libsrtp2.sh'), stage, work], { logFile: log, progress: stepLines });
      if (code !== 0) {
        const last = tail(log, 1);
        renameSync(log, `${dir}.failed.log`);
        const reason = `libsrtp2 with OpenSSL could not be built (${last || `exit ${code}`}; log ${dir}.failed.log)`;
        writeFileSync(failed, `${JSON.stringify({ reason, at: new Date().toISOString() })}\n`);
        return { reason };
      }
      const driver = parseSrtpDriver(readFileSync(join(stage, 'srtp_driver-t.txt'), 'utf8'));
      commitStage(stage, dir, {
        kind: 'libsrtp2',
        version: LIBSRTP_VERSION,
        crypto: 'openssl',
        source: readFileSync(join(stage, 'source.txt'), 'utf8').replace('debian source: ', '').trim(),
        sharedSha256: sha256File(join(stage, SRTP_SHARED_LIB)),
        staticSha256: sha256File(join(stage, SRTP_STATIC_LIB)),
        srtpDriverMbps: driver,
        builtAt: new Date().toISOString(),
        buildSeconds: seconds(t0),
      });
      rmSync(failed, { force: true });
      say(`libsrtp2 ${LIBSRTP_VERSION} (OpenSSL) built and tested in ${seconds(t0)} s; srtp_driver -t AES-CM-128+HMAC-SHA1, 1024 B: ${driver?.['1024'] ?? '?'} Mbit/s`);
      return { entry, dir };
    } finally {
      dropWork();
      rmSync(stage, { recursive: true, force: true });
    }
  }, say);
}

/** @param {string} version */
async function tryPrebuilt(version) {
  const dir = join(root, prebuiltEntryName(version));
  if (args.has('--no-prebuilt') || process.env.LOPHOC_MEDIASOUP_PREBUILT === '0') return undefined;
  const stage = freshStage(dir);
  const got = await downloadPrebuilt({ version, stage });
  if (!got.ok) {
    rmSync(stage, { recursive: true, force: true });
    say(`no prebuilt worker (${got.reason}): building it`);
    return undefined;
  }
  rmSync(join(stage, 'worker.tgz'), { force: true });
  const stamp = { kind: 'mediasoup-worker', version, sha256: sha256File(got.bin), srtpLibrary: 'openssl', source: 'prebuilt', builtAt: new Date().toISOString() };
  commitStage(stage, dir, stamp);
  return { dir, stamp };
}

/** @param {string} line */
function workerProgress(line) {
  const m = /^\[(\d+)\/(\d+)\]/.exec(line);
  if (m) return Number(m[1]) % 25 === 0 || m[1] === m[2] ? `  ${m[0]} compiled` : undefined;
  return stepLines(line);
}

/**
 * @param {string} version
 * @param {{ entry?: string, dir?: string }} srtp
 * @param {string} dir  the entry to build
 */
async function buildWorker(version, srtp, dir) {
  const missing = missingPackages(srtp.dir ? WORKER_NEEDS : [...WORKER_NEEDS, ...WORKER_SYSTEM_SRTP_NEEDS]);
  if (missing.length > 0) throw new BuildError(missingMessage(`the mediasoup worker ${version}`, missing));
  return withLock(dir, async () => {
    const again = checkWorkerEntry(dir, version);
    if (again.ok) return again;
    say(`building the mediasoup ${version} worker from node_modules/mediasoup/worker (about 10 minutes on 2 cores; once per version)`);
    const t0 = Date.now();
    const stage = freshStage(dir);
    const work = mkdtempSync(join(tmpdir(), 'lophoc-mediasoup-worker-'));
    const dropWork = scratchPath(work);
    try {
      const log = join(stage, 'build.log');
      const script = join(here, 'mediasoup-worker.sh');
      const code = await runLogged('bash', [script, join(repo, 'node_modules/mediasoup/worker'), stage, work, srtp.dir ?? ''], { logFile: log, progress: workerProgress });
      if (code !== 0) {
        renameSync(log, `${dir}.failed.log`);
        console.error(tail(`${dir}.failed.log`, 25));
        throw new BuildError(`the mediasoup ${version} worker build failed (exit ${code}); whole log: ${dir}.failed.log`);
      }
      const stamp = {
        kind: 'mediasoup-worker',
        version,
        sha256: sha256File(join(stage, WORKER_FILE)),
        srtpLibrary: srtp.dir ? 'openssl' : 'system',
        source: 'build',
        srtpEntry: srtp.entry ?? null,
        builtAt: new Date().toISOString(),
        buildSeconds: seconds(t0),
      };
      commitStage(stage, dir, stamp);
      rmSync(`${dir}.failed.log`, { force: true });
      say(`mediasoup ${version} worker built in ${Math.round(stamp.buildSeconds / 6) / 10} min`);
      return checkWorkerEntry(dir, version);
    } finally {
      dropWork();
      rmSync(stage, { recursive: true, force: true });
    }
  }, say);
}

/** @param {{ entry?: string, dir?: string }} srtp */
async function ensureWorker(srtp) {
  const pkg = join(repo, 'node_modules/mediasoup/package.json');
  if (!existsSync(pkg)) throw new BuildError(`${pkg} is missing: run \`npm ci\` first`);
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
  const prebuilt = join(root, prebuiltEntryName(version));
  const built = join(root, workerEntryName(repo, version, srtp.entry));
  if (args.has('--rebuild')) for (const dir of [prebuilt, built]) drop(dir);
  for (const dir of [prebuilt, built]) {
    const check = checkWorkerEntry(dir, version);
    if (check.ok) return check;
    if (existsSync(dir)) {
      warn(`${check.problem}: replacing it`);
      drop(dir);
    }
  }
  const downloaded = await tryPrebuilt(version);
  if (downloaded) return checkWorkerEntry(downloaded.dir, version);
  const result = await buildWorker(version, srtp, built);
  if (!result.ok) throw new BuildError(result.problem);
  return result;
}

/**
 * The worker variant linked with the system libsrtp2, built when asked (the default build links
 * the OpenSSL one whenever it exists): the SRTP comparison needs both.
 * @param {string} version
 */
async function ensureSystemSrtpWorker(version) {
  const dir = join(root, workerEntryName(repo, version, undefined));
  if (args.has('--rebuild')) drop(dir);
  let check = checkWorkerEntry(dir, version);
  if (!check.ok) {
    if (existsSync(dir)) drop(dir);
    check = await buildWorker(version, {}, dir);
    if (!check.ok) throw new BuildError(check.problem);
  }
  say(`mediasoup ${version} worker on the system libsrtp2: ${check.path}`);
}

async function main() {
  const srtp = await ensureSrtp();
  if (srtp.reason) warn(`SRTP stays on the system libsrtp2 (NSS): ${srtp.reason}`);
  if (process.env.MEDIASOUP_WORKER_BIN) {
    say(`MEDIASOUP_WORKER_BIN=${process.env.MEDIASOUP_WORKER_BIN}: not building a worker`);
    return;
  }
  const worker = await ensureWorker(srtp);
  if (!worker.ok) throw new BuildError(worker.problem);
  if (args.has('--system-srtp-worker')) await ensureSystemSrtpWorker(worker.stamp.version);
  say(`ready in ${seconds(started)} s: mediasoup ${worker.stamp.version} worker (${worker.stamp.source}, SRTP ${worker.stamp.srtpLibrary}) ${worker.path}`);
}

main().catch((err) => {
  console.error(`media:build: ${err instanceof BuildError ? err.message : err?.stack ?? err}`);
  process.exitCode = 1;
});

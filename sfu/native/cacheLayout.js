// @ts-check
/**
 * Where the media engines' native pieces live in the build cache, and how an entry is checked.
 * ONE implementation shared by the install step (`scripts/media/build.mjs`, plain Node so that a
 * cache hit costs a fraction of a second, before any TypeScript tooling) and by the server at run
 * time (`sfu/native/srtpLibrary.ts`, `sfu/mediasoup/workerBinary.ts`); types in cacheLayout.d.ts.
 *
 * Layout (`cacheRoot()`):
 *   libsrtp2-2.5.0-openssl-<h>/                 h = hash of scripts/media/libsrtp2.sh
 *     shared/libsrtp2.so.1  static/lib/libsrtp2.a  static/lib/pkgconfig/libsrtp2.pc  stamp.json
 *   libsrtp2-2.5.0-openssl-<h>.failed.json      a failed attempt (no source, build error)
 *   mediasoup-worker-<version>-<h>-<srtp>/      h = hash of the worker build inputs + the SRTP
 *     mediasoup-worker  stamp.json  build.log      entry; srtp = openssl | system
 *   mediasoup-worker-<version>-prebuilt-linux-x64-kernel<N>/   mediasoup's own download
 * A change of any input script, of the mediasoup version or of the SRTP library is a new key, so
 * it is built from scratch; old entries are left alone (delete the folder to reclaim space).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const LIBSRTP_VERSION = '2.5.0';
/** The command that builds (or rebuilds) every missing or bad cache entry. */
export const BUILD_COMMAND = 'npm run media:build';
export const STAMP_FILE = 'stamp.json';
export const WORKER_FILE = 'mediasoup-worker';
export const SRTP_SHARED_LIB = 'shared/libsrtp2.so.1';
export const SRTP_STATIC_LIB = 'static/lib/libsrtp2.a';

/** Files (relative to the repository) whose content keys the libsrtp2 entry. */
export const SRTP_INPUTS = ['scripts/media/libsrtp2.sh'];
/** Files whose content keys the mediasoup worker entry (with the version and the SRTP entry). */
export const WORKER_INPUTS = ['scripts/media/mediasoup-worker.sh', 'scripts/media/patch-mediasoup-worker.py', 'scripts/media/srtp-compat.h'];

/**
 * `$LOPHOC_CACHE_DIR`, else `$XDG_CACHE_HOME/lophoc`, else `~/.cache/lophoc`.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function cacheRoot(env = process.env) {
  if (env.LOPHOC_CACHE_DIR) return resolve(env.LOPHOC_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(xdg, 'lophoc');
}

/**
 * The repository checkout `from` is in (the folder holding package.json and scripts/media/), or
 * undefined. Works from the sources and from the bundle in dist/server/.
 * @param {string} from
 */
export function findRepoRoot(from) {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, SRTP_INPUTS[0] ?? ''))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * @param {string} repoRoot
 * @param {readonly string[]} files
 * @param {string} extra
 */
function inputsHash(repoRoot, files, extra) {
  const h = createHash('sha256');
  for (const file of files) {
    h.update(file).update('\0').update(readFileSync(join(repoRoot, file))).update('\0');
  }
  h.update(extra);
  return h.digest('hex').slice(0, 12);
}

/** @param {string} repoRoot */
export function srtpEntryName(repoRoot) {
  return `libsrtp2-${LIBSRTP_VERSION}-openssl-${inputsHash(repoRoot, SRTP_INPUTS, LIBSRTP_VERSION)}`;
}

/**
 * @param {string} repoRoot
 * @param {string} version  mediasoup's version (node_modules/mediasoup/package.json)
 * @param {string | undefined} srtpEntry  name of the OpenSSL libsrtp2 entry linked in, if any
 */
export function workerEntryName(repoRoot, version, srtpEntry) {
  const h = inputsHash(repoRoot, WORKER_INPUTS, `${version}\0${srtpEntry ?? 'system'}`);
  return `mediasoup-worker-${version}-${h}-${srtpEntry ? 'openssl' : 'system'}`;
}

/**
 * Entry of mediasoup's own prebuilt worker (named like its release file).
 * @param {string} version
 */
export function prebuiltEntryName(version) {
  return `mediasoup-worker-${version}-prebuilt-${process.platform}-${process.arch}-kernel${Number(release().split('.')[0])}`;
}

/** @param {string} path */
export function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** @param {string} path */
function readJson(path) {
  try {
    return { value: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (err) {
    return { error: /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
}

/**
 * Checks a mediasoup worker binary against the stamp.json beside it: the stamp names `version`,
 * and the binary's sha256 is the stamp's. The worker itself only checks that MEDIASOUP_VERSION is
 * set, so this is the only thing that stops a binary of another version (or a corrupt one) from
 * being used.
 * @param {string} bin
 * @param {string} version
 * @returns {import('./cacheLayout.js').EntryCheck<import('./cacheLayout.js').WorkerStamp>}
 */
export function checkWorkerBinary(bin, version) {
  const stampPath = join(dirname(bin), STAMP_FILE);
  const read = readJson(stampPath);
  if (read.error) return { ok: false, problem: `stamp ${stampPath} is ${read.error}` };
  const stamp = read.value;
  if (stamp?.kind !== 'mediasoup-worker' || typeof stamp.version !== 'string' || typeof stamp.sha256 !== 'string') {
    return { ok: false, problem: `stamp ${stampPath} is not a mediasoup worker stamp` };
  }
  if (stamp.version !== version) {
    return { ok: false, problem: `${bin} is the worker of mediasoup ${stamp.version}, but node_modules has mediasoup ${version}` };
  }
  if (!existsSync(bin)) return { ok: false, problem: `${bin} is missing` };
  const actual = sha256File(bin);
  if (actual !== stamp.sha256) {
    return { ok: false, problem: `${bin} does not match its stamp (sha256 ${actual.slice(0, 12)}…, stamp ${stamp.sha256.slice(0, 12)}…): corrupt or replaced` };
  }
  return { ok: true, stamp, path: bin };
}

/**
 * Checks the worker of a cache entry (see checkWorkerBinary).
 * @param {string} dir
 * @param {string} version
 */
export function checkWorkerEntry(dir, version) {
  return checkWorkerBinary(join(dir, WORKER_FILE), version);
}

/**
 * Checks a libsrtp2 entry: stamp present, shared library present with the stamp's sha256.
 * @param {string} dir
 * @returns {import('./cacheLayout.js').EntryCheck<import('./cacheLayout.js').SrtpStamp>}
 */
export function checkSrtpEntry(dir) {
  const lib = join(dir, SRTP_SHARED_LIB);
  const read = readJson(join(dir, STAMP_FILE));
  if (read.error) return { ok: false, problem: `stamp ${join(dir, STAMP_FILE)} is ${read.error}` };
  const stamp = read.value;
  if (stamp?.kind !== 'libsrtp2' || stamp.crypto !== 'openssl' || typeof stamp.sharedSha256 !== 'string') {
    return { ok: false, problem: `stamp ${join(dir, STAMP_FILE)} is not a libsrtp2 (OpenSSL) stamp` };
  }
  if (!existsSync(lib) || !existsSync(join(dir, SRTP_STATIC_LIB))) return { ok: false, problem: `${dir} lacks its libraries` };
  if (sha256File(lib) !== stamp.sharedSha256) return { ok: false, problem: `${lib} does not match its stamp: corrupt or replaced` };
  return { ok: true, stamp, path: dir };
}

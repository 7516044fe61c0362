/**
 * Finds the mediasoup worker binary to start (`createWorker({ workerBin })`), checked against
 * its stamp: `npm run media:build` puts it in the build cache (mediasoup's prebuilt download, or
 * the project's offline build of node_modules/mediasoup/worker), keyed by mediasoup version,
 * build scripts and SRTP library (sfu/native/cacheLayout.js). The worker itself only checks that
 * MEDIASOUP_VERSION is set, so a binary of another version or a corrupt one is refused here,
 * with one error naming the command that fixes it.
 */
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as installedVersion } from 'mediasoup';
import { AppError } from '../../platform/index.js';
import {
  BUILD_COMMAND,
  findRepoRoot,
  STAMP_FILE,
  cacheRoot,
  checkSrtpEntry,
  checkWorkerBinary,
  checkWorkerEntry,
  prebuiltEntryName,
  srtpEntryName,
  workerEntryName,
  type SrtpLibraryKind,
} from '../native/cacheLayout.js';

/** The checkout this module runs from (sources, or the bundle in dist/server/): its scripts key the cache. */
function thisCheckout(): string | undefined {
  return findRepoRoot(dirname(fileURLToPath(import.meta.url)));
}

export interface ResolveWorkerOptions {
  /**
   * A worker chosen by the user (the composition root passes `process.env.MEDIASOUP_WORKER_BIN`).
   * It wins over the cache; a stamp.json beside it is checked, else it is trusted with a warning.
   * Default none.
   */
  workerBin?: string | undefined;
  /** mediasoup version the worker must be for. Default: the installed mediasoup package's. */
  version?: string;
  /** Cache folder. Default: LOPHOC_CACHE_DIR, else $XDG_CACHE_HOME/lophoc, else ~/.cache/lophoc. */
  cacheDir?: string;
  /** Checkout whose build scripts key the cache entries. Default: the one holding this code. */
  repoRoot?: string;
  /**
   * `auto`: the best cached worker (prebuilt, else linked with the OpenSSL libsrtp2, else with
   * the system one); `system`: only the build linked with the system libsrtp2 (for comparisons;
   * `npm run media:build -- --system-srtp-worker` builds it). Ignored with `workerBin`. Default `auto`.
   */
  srtpLibrary?: 'auto' | 'system';
}

export interface MediasoupWorkerBinary {
  /** Absolute path for `createWorker({ workerBin })`. */
  workerBin: string;
  /**
   * SRTP library inside the worker: `openssl` (the project's static OpenSSL build of libsrtp2,
   * or mediasoup's own in its prebuilt worker), `system` (Debian's shared libsrtp2, on NSS), or
   * `unknown` (an unstamped MEDIASOUP_WORKER_BIN).
   */
  srtpLibrary: SrtpLibraryKind | 'unknown';
  /** The mediasoup version it is for (= the installed package's). */
  version: string;
  /** `build` (project patch), `prebuilt` (mediasoup's download) or `env` (MEDIASOUP_WORKER_BIN). */
  source: 'build' | 'prebuilt' | 'env';
  /** Something to log once at start-up (an unchecked MEDIASOUP_WORKER_BIN). */
  warning?: string;
}

/** No usable worker binary. `fix` is the command (or action) that repairs it. */
export class WorkerBinaryError extends AppError {
  readonly fix: string;

  constructor(problem: string, fix: string = BUILD_COMMAND) {
    super('UNAVAILABLE', `mediasoup worker: ${problem}. Fix: ${fix}`, false, { details: { fix } });
    this.fix = fix;
  }
}

function fromUser(bin: string, version: string): MediasoupWorkerBinary {
  const fix = `unset MEDIASOUP_WORKER_BIN, or point it at a worker of mediasoup ${version} (\`${BUILD_COMMAND}\` builds one)`;
  if (existsSync(join(dirname(bin), STAMP_FILE))) {
    const check = checkWorkerBinary(bin, version);
    if (!check.ok) throw new WorkerBinaryError(`MEDIASOUP_WORKER_BIN: ${check.problem}`, fix);
    return { workerBin: bin, srtpLibrary: check.stamp.srtpLibrary, version, source: 'env' };
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new WorkerBinaryError(`MEDIASOUP_WORKER_BIN=${bin} is not an executable file`, fix);
  }
  const warning = `MEDIASOUP_WORKER_BIN=${bin} has no ${STAMP_FILE} beside it: used as the worker of mediasoup ${version} without a version check`;
  return { workerBin: bin, srtpLibrary: 'unknown', version, source: 'env', warning };
}

/** Entries of the cache this checkout may use, in order of preference. */
function candidates(cache: string, repo: string, version: string): string[] {
  const srtp = srtpEntryName(repo);
  const srtpOk = checkSrtpEntry(join(cache, srtp)).ok;
  return [prebuiltEntryName(version), ...(srtpOk ? [workerEntryName(repo, version, srtp)] : []), workerEntryName(repo, version, undefined)].map((n) =>
    join(cache, n),
  );
}

function otherVersions(cache: string, version: string): string[] {
  const names = existsSync(cache) ? readdirSync(cache) : [];
  const versions = names.map((n) => /^mediasoup-worker-(\d+\.\d+\.\d+)-/.exec(n)?.[1]).filter((v): v is string => v !== undefined && v !== version);
  return [...new Set(versions)].sort();
}

/**
 * The worker to start. Throws a WorkerBinaryError (naming `npm run media:build`, or what to do
 * with MEDIASOUP_WORKER_BIN) when there is none for the installed mediasoup version, or when the
 * one found does not match its stamp.
 */
export function resolveMediasoupWorker(options: ResolveWorkerOptions = {}): MediasoupWorkerBinary {
  const version = options.version ?? installedVersion;
  if (options.workerBin) return fromUser(options.workerBin, version);
  const repo = options.repoRoot ?? thisCheckout();
  if (!repo) throw new WorkerBinaryError('the project scripts that key the build cache were not found', 'run the server from the repository checkout');
  const cache = options.cacheDir ?? cacheRoot();
  const systemOnly = options.srtpLibrary === 'system';
  const dirs = systemOnly ? [join(cache, workerEntryName(repo, version, undefined))] : candidates(cache, repo, version);
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const check = checkWorkerEntry(dir, version);
    if (!check.ok) throw new WorkerBinaryError(check.problem, `${BUILD_COMMAND} (it replaces the bad entry)`);
    return { workerBin: check.path, srtpLibrary: check.stamp.srtpLibrary, version, source: check.stamp.source };
  }
  if (systemOnly) {
    throw new WorkerBinaryError(`no worker of mediasoup ${version} linked with the system libsrtp2 (srtpLibrary: "system") in ${cache}`, `${BUILD_COMMAND} -- --system-srtp-worker`);
  }
  const others = otherVersions(cache, version);
  const found = others.length > 0 ? ` (it has workers of mediasoup ${others.join(', ')} only)` : '';
  throw new WorkerBinaryError(`no worker of mediasoup ${version} for this checkout in ${cache}${found}`);
}

/**
 * The worker a MediasoupEngine starts: its `workerBin` option, else MEDIASOUP_WORKER_BIN (the
 * variable mediasoup itself honours), else the build cache. Every worker the project starts comes
 * through here (engine, tests, benches), so every one is version-checked the same way.
 */
export function workerForEngine(workerBin: string | undefined, env: NodeJS.ProcessEnv = process.env, srtpLibrary: 'auto' | 'system' = 'auto'): MediasoupWorkerBinary {
  return resolveMediasoupWorker({ workerBin: workerBin ?? (env.MEDIASOUP_WORKER_BIN || undefined), cacheDir: cacheRoot(env), srtpLibrary });
}

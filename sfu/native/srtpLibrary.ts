/**
 * Which libsrtp2 the media engines encrypt with (issue 14): the project's build of Debian's
 * libsrtp 2.5.0 with OpenSSL crypto, when `npm run media:build` put it in the cache for this
 * checkout, else the system library (Debian's, on NSS: about 4x slower for AES-CM-128 +
 * HMAC-SHA1). Janus gets the OpenSSL one through LD_LIBRARY_PATH on its own processes only; the
 * mediasoup worker links it statically (its stamp says which one it has).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_COMMAND, LIBSRTP_VERSION, SRTP_SHARED_LIB, cacheRoot, checkSrtpEntry, findRepoRoot, srtpEntryName, type SrtpLibraryKind } from './cacheLayout.js';

export type { SrtpLibraryKind };

export interface ResolveSrtpOptions {
  /**
   * `auto`: the OpenSSL build when the cache holds a good one for this checkout, else the system
   * library; `system`: always the system library (for comparisons). Default `auto`.
   */
  prefer?: 'auto' | 'system';
  /** Cache folder. Default: LOPHOC_CACHE_DIR, else $XDG_CACHE_HOME/lophoc, else ~/.cache/lophoc. */
  cacheDir?: string;
  /** Checkout whose scripts/media/libsrtp2.sh keys the entry. Default: the one holding this code. */
  repoRoot?: string;
}

export interface SrtpLibraryChoice {
  library: SrtpLibraryKind;
  /** Folder holding the OpenSSL build's libsrtp2.so.1 (only when `library` is `openssl`). */
  sharedLibDir: string | undefined;
  /** For the start-up log line: where the library comes from, or why it is the system one. */
  detail: string;
}

/** The checkout this module runs from (sources, or the bundle in dist/server/). */
export function thisCheckout(): string | undefined {
  return findRepoRoot(dirname(fileURLToPath(import.meta.url)));
}

export function resolveSrtpLibrary(options: ResolveSrtpOptions = {}): SrtpLibraryChoice {
  const system = (detail: string): SrtpLibraryChoice => ({ library: 'system', sharedLibDir: undefined, detail });
  if (options.prefer === 'system') return system('chosen by the engine options (srtpLibrary: "system")');
  const repo = options.repoRoot ?? thisCheckout();
  if (!repo) return system('the project scripts that key the build cache were not found');
  const dir = join(options.cacheDir ?? cacheRoot(), srtpEntryName(repo));
  const check = checkSrtpEntry(dir);
  if (!check.ok) return system(`${check.problem} (\`${BUILD_COMMAND}\` builds it; its output says why when it cannot)`);
  return {
    library: 'openssl',
    sharedLibDir: dirname(join(dir, SRTP_SHARED_LIB)),
    detail: `libsrtp ${LIBSRTP_VERSION} built with OpenSSL from ${check.stamp.source} (${dir})`,
  };
}

/**
 * The environment of a Janus process: the OpenSSL libsrtp2 first on its LD_LIBRARY_PATH (so the
 * dynamic loader picks it over /usr/lib's), everything else as `base`. Only Janus children get
 * it: the server and other children keep their own loader path.
 */
export function janusEnvironment(sharedLibDir: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!sharedLibDir) return base;
  const rest = base.LD_LIBRARY_PATH;
  return { ...base, LD_LIBRARY_PATH: rest ? `${sharedLibDir}:${rest}` : sharedLibDir };
}

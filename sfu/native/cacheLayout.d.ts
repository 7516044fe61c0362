/** Types of cacheLayout.js (plain JavaScript: the install step runs it with plain Node). */

export declare const LIBSRTP_VERSION: string;
export declare const BUILD_COMMAND: string;
export declare const STAMP_FILE: string;
export declare const WORKER_FILE: string;
export declare const SRTP_SHARED_LIB: string;
export declare const SRTP_STATIC_LIB: string;
export declare const SRTP_INPUTS: readonly string[];
export declare const WORKER_INPUTS: readonly string[];

/** Which SRTP library encrypts: the project's OpenSSL build, or the system's (Debian: NSS). */
export type SrtpLibraryKind = 'openssl' | 'system';

export interface WorkerStamp {
  kind: 'mediasoup-worker';
  /** mediasoup version the binary was built from (or downloaded for). */
  version: string;
  /** sha256 of the binary, hex. */
  sha256: string;
  /** SRTP library linked in: the project's static OpenSSL build, mediasoup's own (prebuilt, also OpenSSL), or Debian's. */
  srtpLibrary: SrtpLibraryKind;
  /** `build` (this project's patch) or `prebuilt` (mediasoup's release download). */
  source: 'build' | 'prebuilt';
  builtAt: string;
  buildSeconds?: number;
}

export interface SrtpStamp {
  kind: 'libsrtp2';
  version: string;
  crypto: 'openssl';
  /** The Debian source package built, e.g. "libsrtp2_2.5.0-3.dsc". */
  source: string;
  sharedSha256: string;
  staticSha256: string;
  /** `srtp_driver -t`, AES-CM-128 + HMAC-SHA1 (80-bit tag), Mbit/s by message length. */
  srtpDriverMbps?: Record<string, number>;
  builtAt: string;
  buildSeconds?: number;
}

export type EntryCheck<S> = { ok: true; stamp: S; path: string } | { ok: false; problem: string };

export declare function cacheRoot(env?: NodeJS.ProcessEnv): string;
export declare function findRepoRoot(from: string): string | undefined;
export declare function srtpEntryName(repoRoot: string): string;
export declare function workerEntryName(repoRoot: string, version: string, srtpEntry: string | undefined): string;
export declare function prebuiltEntryName(version: string): string;
export declare function sha256File(path: string): string;
/** Checks a worker binary against the stamp.json beside it (version, sha256). */
export declare function checkWorkerBinary(bin: string, version: string): EntryCheck<WorkerStamp>;
/** checkWorkerBinary() of `<dir>/mediasoup-worker`. */
export declare function checkWorkerEntry(dir: string, version: string): EntryCheck<WorkerStamp>;
export declare function checkSrtpEntry(dir: string): EntryCheck<SrtpStamp>;

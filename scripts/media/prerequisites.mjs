// @ts-check
/**
 * What the native builds need from the system, checked up front so that a failed build names
 * every missing Debian package at once instead of failing 5 minutes in on the first one.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * @typedef {{ cmd: string, pkg: string } | { pc: string, pkg: string }} Need
 * @typedef {{ hasCommand(cmd: string): boolean, hasPkgConfig(module: string): boolean }} Probe
 */

/** @type {readonly Need[]} */
const COMPILERS = [
  { cmd: 'cc', pkg: 'build-essential' },
  { cmd: 'c++', pkg: 'build-essential' },
  { cmd: 'make', pkg: 'build-essential' },
  { cmd: 'pkg-config', pkg: 'pkg-config' },
];

/** The mediasoup worker (scripts/media/mediasoup-worker.sh). */
export const WORKER_NEEDS = /** @type {readonly Need[]} */ ([
  ...COMPILERS,
  { cmd: 'python3', pkg: 'python3' },
  { cmd: 'meson', pkg: 'meson' },
  { cmd: 'ninja', pkg: 'ninja-build' },
  { cmd: 'flatc', pkg: 'flatbuffers-compiler' },
  { pc: 'openssl', pkg: 'libssl-dev' },
  { pc: 'libuv', pkg: 'libuv1-dev' },
  { pc: 'usrsctp', pkg: 'libusrsctp-dev' },
  { pc: 'absl_flat_hash_map', pkg: 'libabsl-dev' },
  { pc: 'flatbuffers', pkg: 'libflatbuffers-dev' },
]);

/** Only when the worker links Debian's libsrtp2 (no OpenSSL build in the cache). */
export const WORKER_SYSTEM_SRTP_NEEDS = /** @type {readonly Need[]} */ ([{ pc: 'libsrtp2', pkg: 'libsrtp2-dev' }]);

/** libsrtp2 with OpenSSL (scripts/media/libsrtp2.sh). */
export const SRTP_NEEDS = /** @type {readonly Need[]} */ ([
  ...COMPILERS,
  { cmd: 'apt-get', pkg: 'apt' },
  { cmd: 'dpkg-source', pkg: 'dpkg-dev' },
  { cmd: 'dpkg-buildflags', pkg: 'dpkg-dev' },
  { cmd: 'objdump', pkg: 'binutils' },
  { pc: 'libcrypto', pkg: 'libssl-dev' },
]);

/** @param {string} cmd */
function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** @type {Probe} */
export const systemProbe = {
  hasCommand: onPath,
  hasPkgConfig: (module) => onPath('pkg-config') && spawnSync('pkg-config', ['--exists', module]).status === 0,
};

/**
 * The Debian packages that would provide what is missing, sorted, each once.
 * @param {readonly Need[]} needs
 * @param {Probe} [probe]
 */
export function missingPackages(needs, probe = systemProbe) {
  const missing = new Set();
  for (const need of needs) {
    const present = 'cmd' in need ? probe.hasCommand(need.cmd) : probe.hasPkgConfig(need.pc);
    if (!present) missing.add(need.pkg);
  }
  return [...missing].sort();
}

/**
 * The one message a failed check prints.
 * @param {string} what  what cannot be built
 * @param {readonly string[]} packages
 */
export function missingMessage(what, packages) {
  return `cannot build ${what}: missing Debian packages ${packages.join(' ')}. Install them with: sudo apt-get install -y ${packages.join(' ')}`;
}

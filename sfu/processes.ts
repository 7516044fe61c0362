/**
 * Process helpers of the Janus supervisor: free ports, pid files, stale processes left by a
 * previous run that was SIGKILLed (its children survive it), and stopping a child.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from '../platform/index.js';

/** A TCP port that was free on 127.0.0.1 a moment ago (the caller must cope with a race). */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** The argv of a live process, or undefined when it does not exist (Linux /proc). */
export async function processArgv(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((s) => s.length > 0);
  } catch {
    return undefined;
  }
}

/** True when `argv` is a Janus started by us with configs folder `dir` (`-F <dir>`). */
export function isOurJanus(argv: readonly string[], dir: string): boolean {
  const i = argv.indexOf('-F');
  return i >= 0 && argv[i + 1] === dir;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until `pid` is gone or `timeoutMs` passed; returns whether it is gone. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const argv = await processArgv(pid);
    // A zombie still has a /proc entry but an empty cmdline: it no longer runs.
    if (argv === undefined || argv.length === 0) return true;
    await sleep(20);
  }
  return false;
}

export async function writePidFile(path: string, pid: number): Promise<void> {
  await writeFile(path, `${pid}\n`, { mode: 0o600 });
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Kills the Janus processes a previous run left behind in `runtimeDir`: those named by a pid
 * file `janus-<n>/janus.pid`, and any other process whose argv says `-F <runtimeDir>/janus-<n>`.
 * A pid is killed only when its argv names our config folder (pids are reused). Returns the
 * pids it killed.
 */
export async function killStaleJanus(runtimeDir: string): Promise<number[]> {
  const candidates = new Map<number, string>(); // pid -> instance dir
  let entries: string[] = [];
  try {
    entries = (await readdir(runtimeDir)).filter((n) => /^janus-\d+$/.test(n));
  } catch {
    return [];
  }
  for (const name of entries) {
    const dir = join(runtimeDir, name);
    const pid = Number((await readFile(join(dir, 'janus.pid'), 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0) candidates.set(pid, dir);
  }
  for (const d of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(d)) continue;
    const argv = await processArgv(Number(d));
    const i = argv?.indexOf('-F') ?? -1;
    const dir = i >= 0 ? argv?.[i + 1] : undefined;
    if (dir && entries.some((n) => join(runtimeDir, n) === dir)) candidates.set(Number(d), dir);
  }
  const killed: number[] = [];
  for (const [pid, dir] of candidates) {
    const argv = await processArgv(pid);
    if (!argv || !isOurJanus(argv, dir) || pid === process.pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
    await waitGone(pid, 2_000);
  }
  return killed;
}

/** Stops a child: SIGTERM, then SIGKILL after `timeoutMs`. Resolves once it has exited. */
export async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

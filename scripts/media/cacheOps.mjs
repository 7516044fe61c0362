// @ts-check
/**
 * The install step's file operations on the cache: a lock per entry (two checkouts building at
 * once build once), staging folders renamed into place only when complete (an interrupted build
 * leaves no half entry), and running a build script with its whole output in a log while the
 * console shows only its progress.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Folders and files to remove if the build is interrupted (SIGINT, SIGTERM). */
const scratch = new Set();
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    for (const path of scratch) rmSync(path, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/**
 * Marks `path` for removal on interruption; returns a function that unmarks and removes it.
 * @param {string} path
 */
export function scratchPath(path) {
  scratch.add(path);
  return () => {
    scratch.delete(path);
    rmSync(path, { recursive: true, force: true });
  };
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding `<entryDir>.lock`. A lock held by a live process is waited for (polling);
 * one left by a dead process is taken over.
 * @template T
 * @param {string} entryDir
 * @param {() => Promise<T>} fn
 * @param {(msg: string) => void} say
 * @returns {Promise<T>}
 */
export async function withLock(entryDir, fn, say) {
  const lock = `${entryDir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!told) say(`waiting for another build of ${entryDir} (pid ${holder})`);
      told = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const unlock = scratchPath(lock);
  try {
    return await fn();
  } finally {
    unlock();
  }
}

/**
 * A fresh staging folder beside the entry (removed on interruption); stages left by dead
 * builds of the same entry are removed first.
 * @param {string} entryDir
 */
export function freshStage(entryDir) {
  const prefix = `${basename(entryDir)}.tmp-`;
  for (const name of readdirSync(dirname(entryDir))) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && (pid === process.pid || !alive(pid))) rmSync(join(dirname(entryDir), name), { recursive: true, force: true });
  }
  const stage = `${entryDir}.tmp-${process.pid}`;
  mkdirSync(stage, { recursive: true });
  scratch.add(stage);
  return stage;
}

/**
 * Writes the stamp into the stage and renames the stage into place.
 * @param {string} stage
 * @param {string} entryDir
 * @param {object} stamp
 */
export function commitStage(stage, entryDir, stamp) {
  writeFileSync(`${stage}/stamp.json`, `${JSON.stringify(stamp, null, 2)}\n`);
  rmSync(entryDir, { recursive: true, force: true });
  renameSync(stage, entryDir);
  scratch.delete(stage);
}

/**
 * Runs a build script; all its output goes to `logFile`; the console gets the lines `progress`
 * selects. Resolves with the exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ logFile: string, env?: NodeJS.ProcessEnv, progress: (line: string) => string | undefined }} opts
 * @returns {Promise<number>}
 */
export function runLogged(cmd, args, opts) {
  const log = createWriteStream(opts.logFile);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      log.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const shown = opts.progress(line);
        if (shown !== undefined) process.stdout.write(`${shown}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      log.write(`\n${err.message}\n`);
      log.end(() => resolve(127));
    });
    child.on('close', (code) => log.end(() => resolve(code ?? 1)));
  });
}

/** The last `n` lines of a log, for the failure message. @param {string} file @param {number} n */
export function tail(file, n) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
}

/**
 * `srtp_driver -t` figures for AES-CM-128 + HMAC-SHA1 (the first such policy: 80-bit tag), as
 * { "<message length>": Mbit/s }.
 * @param {string} text
 */
export function parseSrtpDriver(text) {
  for (const block of text.split(/\n\s*\n/)) {
    if (!/rtp cipher:\s+AES-128 counter mode/.test(block) || !/rtp auth:\s+hmac sha-1/.test(block)) continue;
    /** @type {Record<string, number>} */
    const out = {};
    for (const m of block.matchAll(/^(\d+)\s+([\d.]+)\s*$/gm)) out[m[1] ?? ''] = Math.round(Number(m[2]));
    return out;
  }
  return undefined;
}

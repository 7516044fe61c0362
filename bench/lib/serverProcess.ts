/**
 * Starts the BUILT server (dist/server/main.js) as a child process with a temporary config, the
 * way an operator would, and stops it and every process it left behind even when the bench
 * fails. Temp folders are named after the bench's pid so that a later run can find and
 * kill what an earlier run left when it was SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ipv4Of } from './cli.js';
import { readCmdline, processTable } from './procfs.js';
import { alive } from './system.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const TEMP_PREFIX = 'classroom-bench-';

export interface ServerOptions {
  /** The built server. Default <repo>/dist/server/main.js (`npm run build`). */
  entry?: string;
  /** Signing secret of join links (≥ 32 characters); the bench mints its own tokens with it. */
  linkSecret: string;
  /** HTTP port; 0 = a free one. */
  port?: number;
  /** The built client the server serves (`http.clientDir`). Default <repo>/dist/client. */
  clientDir?: string;
  /**
   * Address the server's HTTP/WebSocket port listens on (and the bench connects to). Default
   * 127.0.0.1; bench:fanout --bots-netns gives its veth address so that bots in a namespace reach it.
   */
  httpHost?: string;
  /** The interface (or IPv4 address) whose address becomes `media.mediasoup.listenIp`. Default 127.0.0.1. */
  mediaInterface?: string;
  /** `media.instances` (1: one room's fan-out lives on one worker anyway). */
  instances?: number;
  /** `media.mediasoup.port` (UDP and TCP; worker n: + n). Default 61000 (above the kernel's ephemeral range and the tests' ports). */
  mediaPort?: number;
  /** Extra config sections merged over the bench's defaults (e.g. `{ signaling: {...} }`). */
  extraConfig?: Record<string, unknown>;
  /** `taskset -c` CPU list for the server (its mediasoup workers inherit it). */
  cpus?: string;
  /** Keep the temp folder (config, log) after stop(). */
  keepTemp?: boolean;
  /** Bound on start-up until /readyz answers 200. Default 40 s. */
  startTimeoutMs?: number;
  /**
   * Seed and print the demo lesson (`demo.enabled`). Default true. False for a node that only
   * serves others' lessons (bench:fanout --nodes 2's edge): its `demo` then throws when read.
   */
  demo?: boolean;
  log?: (line: string) => void;
}

/** A join link the server printed at start-up (demo lesson), with what its token says. */
export interface PrintedLink {
  url: string;
  token: string;
  lessonId: string;
  userId: string;
  name: string;
  role: string;
}

export interface RunningServer {
  pid: number;
  /** The demo lesson's links printed at start-up (its id is not fixed: read it from here). */
  demo: { lessonId: string; teacher: PrintedLink; students: PrintedLink[] };
  port: number;
  baseUrl: string;
  wsUrl: string;
  tempDir: string;
  logFile: string;
  child: ChildProcess;
  /** Pids of the server and every live process naming its temp folder (the workers are found as its children: cpuWindow.treePids). */
  pids(): number[];
  /** Stops the server and everything it started; `keepTemp` keeps the config and logs (after a failure). */
  stop(keepTemp?: boolean): Promise<void>;
}

const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Merges `extra` over `base`, section by section (so `{ media: { mediasoup: { workerCapacity } } }` keeps the bench's ports). */
function mergeInto(base: Record<string, unknown>, extra: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(extra)) {
    const b = base[k];
    if (isPlain(b) && isPlain(v)) {
      const copy = { ...b };
      mergeInto(copy, v);
      base[k] = copy;
    } else base[k] = v;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolvePort(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Pids whose command line mentions `text`, except ourselves. */
export function pidsMentioning(text: string): number[] {
  const out: number[] = [];
  for (const pid of processTable().keys()) {
    if (pid === process.pid) continue;
    if (readCmdline(pid).some((a) => a.includes(text))) out.push(pid);
  }
  return out;
}

/**
 * Kills processes left by bench runs that died without cleaning up: any process whose command
 * line names a `<tmp>/classroom-bench-<pid>-*` folder whose <pid> is no longer alive. Returns them.
 */
export function killStaleBenchProcesses(): number[] {
  const killed: number[] = [];
  const re = new RegExp(`${TEMP_PREFIX}(\\d+)-`);
  for (const pid of processTable().keys()) {
    if (pid === process.pid) continue;
    const owner = readCmdline(pid)
      .map((a) => re.exec(a))
      .find((m) => m !== null);
    if (!owner) continue;
    const ownerPid = Number(owner[1]);
    if (ownerPid === process.pid || alive(ownerPid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      /* already gone */
    }
  }
  return killed;
}

export function makeTempDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-${kind}-`));
}

async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) during start-up; log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      last = `${r.status} ${await r.text()}`;
      if (r.status === 200) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms (last /readyz: ${last}); log ${logFile}:\n${tail(logFile)}`);
}

/** Join links in the server's start-up output: `<base>/lesson/<id>#t=<token>`. */
export function parsePrintedLinks(output: string): PrintedLink[] {
  const out: PrintedLink[] = [];
  for (const m of output.matchAll(/(https?:\/\/\S+?\/lesson\/[^#\s]+)#t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)) {
    const token = m[2] as string;
    try {
      const p = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof p.lessonId !== 'string' || typeof p.userId !== 'string') continue;
      out.push({ url: `${m[1]}#t=${token}`, token, lessonId: p.lessonId, userId: p.userId, name: String(p.name ?? ''), role: String(p.role ?? '') });
    } catch {
      /* not a token */
    }
  }
  return out;
}

async function waitDemoLinks(logFile: string, timeoutMs: number): Promise<RunningServer['demo']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      /* not yet */
    }
    const links = parsePrintedLinks(text);
    const teacher = links.find((l) => l.role === 'teacher');
    if (teacher) return { lessonId: teacher.lessonId, teacher, students: links.filter((l) => l.role === 'student' && l.lessonId === teacher.lessonId) };
    if (Date.now() > deadline) throw new Error(`the server printed no demo teacher link (demo.enabled); log ${logFile}:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const entry = o.entry ?? join(REPO_ROOT, 'dist', 'server', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} not found: run \`npm run build\` first`);
  const log = o.log ?? (() => {});
  const stale = killStaleBenchProcesses();
  if (stale.length > 0) log(`killed ${stale.length} process(es) left by an earlier bench run: ${stale.join(' ')}`);
  const tempDir = makeTempDir('server');
  const dataDir = join(tempDir, 'data');
  mkdirSync(dataDir);
  const port = o.port || (await freePort());
  const config: Record<string, unknown> = {
    dataDir,
    // The database has its own folder setting (default "data" under the working directory!):
    // keep it in the temp folder too, or runs would share one database.
    storage: { engine: 'sqlite', sqlite: { dataDir } },
    log: { level: 'warn' },
    http: { host: o.httpHost ?? '127.0.0.1', port, clientDir: o.clientDir ?? join(REPO_ROOT, 'dist', 'client') },
    auth: { linkSecret: o.linkSecret },
    media: {
      instances: o.instances ?? 1,
      mediasoup: { listenIp: ipv4Of(o.mediaInterface ?? '127.0.0.1'), port: o.mediaPort ?? 61000 },
    },
    demo: { enabled: o.demo ?? true, students: 2 },
  };
  mergeInto(config, o.extraConfig ?? {});
  const configFile = join(tempDir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = join(tempDir, 'server.log');
  const out = openSync(logFile, 'w');
  const args = [process.execPath, entry, '--config', configFile];
  const [cmd, ...rest] = o.cpus ? ['taskset', '-c', o.cpus, ...args] : args;
  const child = spawn(cmd as string, rest, { cwd: REPO_ROOT, stdio: ['ignore', out, out], env: { ...process.env, NODE_ENV: 'production' } });
  closeSync(out);
  const httpHost = o.httpHost ?? '127.0.0.1';
  const baseUrl = `http://${httpHost}:${port}`;
  const pids = () => {
    const list = pidsMentioning(tempDir);
    if (child.pid !== undefined && !list.includes(child.pid)) list.unshift(child.pid);
    return list.filter(alive);
  };
  let stopping: Promise<void> | undefined;
  const stop = (keepTemp = o.keepTemp ?? false) =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      // Whatever still names our folder: gone.
      for (let i = 0; i < 20; i++) {
        const left = pidsMentioning(tempDir).filter(alive);
        if (left.length === 0) break;
        for (const pid of left) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!keepTemp) rmSync(tempDir, { recursive: true, force: true });
    })());
  let demo: RunningServer['demo'] | undefined;
  try {
    await waitReady(baseUrl, child, o.startTimeoutMs ?? 40_000, logFile);
    if (o.demo ?? true) demo = await waitDemoLinks(logFile, 5_000);
  } catch (err) {
    await stop(true);
    throw err;
  }
  log(`server pid ${child.pid} ready at ${baseUrl}, ${demo ? `demo lesson ${demo.lessonId}` : 'no demo lesson'} (${o.cpus ? `cpus ${o.cpus}, ` : ''}temp ${tempDir})`);
  return {
    pid: child.pid as number,
    get demo() {
      if (!demo) throw new Error(`the server at ${baseUrl} was started without its demo lesson`);
      return demo;
    },
    port,
    baseUrl,
    wsUrl: `ws://${httpHost}:${port}/ws`,
    tempDir,
    logFile,
    child,
    pids,
    stop,
  };
}

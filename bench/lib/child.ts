/**
 * Child processes of a bench: started with the same Node flags as the parent (so that tsx loads
 * TypeScript), optionally pinned with `taskset`, talking JSON over the IPC channel. A child
 * exits when its parent goes away (IPC disconnect) and after a hard lifetime, so no bot can
 * outlive a bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { processTable, processTree, readStat } from './procfs.js';

export interface BenchChild {
  name: string;
  proc: ChildProcess;
  /** Sends `msg` and resolves with the child's next reply carrying the same `id`. */
  call<T>(msg: Record<string, unknown>, timeoutMs: number): Promise<T>;
  /** Resolves with the first message that `match` accepts (e.g. "ready"). */
  waitFor<T>(match: (m: Record<string, unknown>) => boolean, timeoutMs: number): Promise<T>;
  kill(): Promise<void>;
}

/**
 * `prefix`: an argv that runs the child inside something, outermost (e.g. `ip netns exec <ns>`:
 * the fan-out bench's bots in their own network namespace). `taskset` and `nice` go inside it.
 */
export function startChild(
  name: string,
  script: string,
  args: string[],
  opts: { cpus?: string; nice?: number; env?: Record<string, string>; prefix?: string[]; log?: (s: string) => void } = {},
): BenchChild {
  const node = [process.execPath, ...process.execArgv, script, ...args];
  // `nice -n` (an increment on the bench's own niceness) wraps the child so that every thread it
  // starts inherits it: Linux keeps niceness per thread, so renicing a pid later would miss them.
  const argv = opts.nice ? ['nice', '-n', String(opts.nice), ...node] : node;
  const [cmd, ...rest] = [...(opts.prefix ?? []), ...(opts.cpus ? ['taskset', '-c', opts.cpus, ...argv] : argv)];
  const proc = spawn(cmd as string, rest, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...opts.env } });
  let nextId = 1;
  const listeners = new Set<(m: Record<string, unknown>) => void>();
  proc.on('message', (m) => {
    for (const l of [...listeners]) l(m as Record<string, unknown>);
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const waitFor = <T>(match: (m: Record<string, unknown>) => boolean, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        listeners.delete(l);
        proc.off('exit', onExit);
      };
      const l = (m: Record<string, unknown>) => {
        if (!match(m)) return;
        done();
        if (typeof m.error === 'string') reject(new Error(`${name}: ${m.error}`));
        else resolve(m as T);
      };
      const onExit = (code: number | null, signal: string | null) => {
        done();
        reject(new Error(`${name} exited (${code ?? signal})`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${name}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(l);
      proc.once('exit', onExit);
    });
  return {
    name,
    proc,
    waitFor,
    call<T>(msg: Record<string, unknown>, timeoutMs: number) {
      const id = nextId++;
      const p = waitFor<T>((m) => m.id === id, timeoutMs);
      proc.send({ ...msg, id });
      return p;
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      // Its descendants (Chromium's processes) as they are now: they must not outlive it.
      const table = processTable();
      const descendants = proc.pid === undefined ? [] : processTree(proc.pid, table).filter((p) => p !== proc.pid).map((pid) => ({ pid, comm: table.get(pid)?.comm }));
      try {
        proc.send({ cmd: 'quit' });
      } catch {
        /* channel gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
      for (const d of descendants) {
        if (readStat(d.pid)?.comm !== d.comm) continue; // gone (or the pid was reused)
        try {
          process.kill(d.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  };
}

/** In a child: serve requests from the parent; exit when it disconnects or after `maxLifetimeS`. */
export function serveParent(handle: (msg: Record<string, unknown>) => Promise<Record<string, unknown>>, maxLifetimeS: number, onQuit: () => Promise<void>): void {
  if (!process.send) throw new Error('this program is started by a bench driver (no IPC channel)');
  const quit = async (code: number) => {
    await Promise.race([onQuit().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
    process.exit(code); // libwebrtc and werift keep handles open: exit explicitly
  };
  setTimeout(() => void quit(3), maxLifetimeS * 1000).unref();
  process.on('disconnect', () => void quit(0));
  process.on('message', (raw) => {
    const msg = raw as Record<string, unknown>;
    if (msg.cmd === 'quit') {
      void quit(0);
      return;
    }
    handle(msg).then(
      (reply) => process.send?.({ ...reply, id: msg.id }),
      (err: unknown) => process.send?.({ id: msg.id, error: (err as Error)?.stack ?? String(err) }),
    );
  });
}

/**
 * The real server as a child process (`node --import tsx signaling/bin.ts`), for tests that must
 * kill it like a crash (SIGKILL) and start it again on the same data folder and port. Its
 * mediasoup worker exits with it (it closes when its channel to Node does). Ready once /healthz
 * answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepMerge } from '../platform/index.js';
import { freeMediaPort, freePort } from './ports.js';

const SETPRIV = '/usr/bin/setpriv';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ChildServer {
  readonly port: number;
  /** The running process's pid; undefined when not running. */
  readonly pid: number | undefined;
  /** True while the process runs (false after a crash, a stop, or before start). */
  readonly running: boolean;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Starts the process (again); resolves once /healthz answers. */
  start(): Promise<void>;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  crash(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL after 15 s. Safe when not running. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** Every line the server writes on stdout (its JSON log). Default: stdout is dropped. */
  onLogLine?(line: string): void;
}

/** `config`: overrides of the server config (dataDir is required); port, media and logs are set here. */
export async function childServer(config: Record<string, unknown> & { dataDir: string }, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = await freePort();
  const mediaPort = await freeMediaPort();
  const file = join(config.dataDir, 'test-config.json');
  const full = deepMerge(
    {
      log: { level: process.env.TEST_LOG_LEVEL ?? 'error' },
      http: { host: '127.0.0.1', port, clientDir: join(root, 'dist/client') },
      media: { instances: 1, mediasoup: { listenIp: '127.0.0.1', port: mediaPort } },
      metrics: { port: -1 },
      demo: { enabled: false },
    },
    config,
  );
  writeFileSync(file, JSON.stringify(full));
  let child: ChildProcess | undefined;
  let stderr = '';
  const exited = () => new Promise<void>((resolve) => (!child || child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const httpUrl = `http://127.0.0.1:${port}`;
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    port,
    get pid() {
      return alive() ? child?.pid : undefined;
    },
    get running() {
      return alive();
    },
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async start() {
      stderr = '';
      const onLine = options.onLogLine;
      // Under `setpriv --pdeathsig TERM` (it execs node: same pid): when the process that started
      // the server dies however it dies (a fuzz run killed by hand was), the kernel stops the server too.
      const argv = [process.execPath, '--import', 'tsx', join(root, 'signaling/bin.ts'), '--config', file];
      const command = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', '--', ...argv] : argv;
      child = spawn(command[0]!, command.slice(1), { cwd: root, stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'pipe'] });
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      if (onLine) {
        let pending = '';
        child.stdout?.on('data', (d: Buffer) => {
          const lines = (pending + d.toString()).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) if (line) onLine(line);
        });
      }
      for (let i = 0; i < 300; i++) {
        if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
        const up = await fetch(`${httpUrl}/healthz`).then((r) => r.ok, () => false);
        if (up) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`server did not answer /healthz in 30 s: ${stderr}`);
    },
    async crash() {
      child?.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited();
      clearTimeout(force);
    },
  };
}

/**
 * Watches a server under a long fuzz run (scripts/fuzz.ts): /healthz latency, resident memory,
 * errors in its log, and crashes (the process gone: it is counted and started again).
 */
import { readFileSync } from 'node:fs';
import type { ChildServer } from '../testkit/childServer.js';

export class FuzzMonitor {
  maxHealthzMs = 0;
  maxRssMb = 0;
  crashes = 0;
  /** Error and fatal lines of the server's log (the first 20 kept). */
  readonly logErrors: string[] = [];
  logErrorCount = 0;
  readonly #server: ChildServer;
  #timer: NodeJS.Timeout | undefined;
  #checking = false;
  #restarting: Promise<void> | undefined;

  constructor(server: ChildServer) {
    this.#server = server;
  }

  /** For ChildServerOptions.onLogLine. */
  logLine(line: string): void {
    if (!/"level":"(error|fatal)"/.test(line)) return;
    this.logErrorCount++;
    if (this.logErrors.length < 20) this.logErrors.push(line.slice(0, 2000));
  }

  start(everyMs = 500): void {
    this.#timer = setInterval(() => void this.#check(), everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Resolves once the server answers again after a crash (at once when it runs). */
  async ready(): Promise<void> {
    if (this.#server.running) return;
    this.#restarting ??= this.#restart();
    await this.#restarting;
  }

  async #restart(): Promise<void> {
    this.crashes++;
    try {
      await this.#server.start();
    } finally {
      this.#restarting = undefined;
    }
  }

  async #check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      if (!this.#server.running) return void (await this.ready());
      const t0 = performance.now();
      const ok = await fetch(`${this.#server.httpUrl}/healthz`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
      if (ok) this.maxHealthzMs = Math.max(this.maxHealthzMs, performance.now() - t0);
      const pid = this.#server.pid;
      if (pid) {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        if (rss) this.maxRssMb = Math.max(this.maxRssMb, Number(rss) / 1024);
      }
    } catch {
      // the process went away between the checks: the next check restarts it
    } finally {
      this.#checking = false;
    }
  }
}

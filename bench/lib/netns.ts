/**
 * A weak network for one browser: a Linux network namespace joined to this machine by a link
 * with netem's knobs (rate, delay, loss, queue, outage) in each direction, and nftables inside
 * the namespace (drop UDP, as school and mobile networks that allow only TCP do). Needs root.
 *
 * The link is a pair of TUN devices with netemd.py between them, not a veth pair with
 * `tc qdisc netem`: the kernels this project is tested on (Firecracker) have no sch_netem; the
 * userspace link applies the same model (loss, then a drop-tail FIFO drained at the rate, then
 * the delay) and runs anywhere with /dev/net/tun.
 *
 * Only our own namespaces and devices are touched: names start with `lh` and carry this process
 * id; close() removes them, the link's devices vanish with its process (which exits when our
 * stdin pipe closes), an exit hook closes what a throwing test left, and create() first removes
 * namespaces of dead processes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, run } from './system.js';

/** One direction of the link (netem on the sending side's interface). */
export interface LinkShape {
  /** Rate limit, kbit/s; 0 = none. */
  rateKbit?: number;
  /** One-way delay, ms (RTT = down + up). */
  delayMs?: number;
  /** Random loss, percent. */
  lossPct?: number;
  /**
   * Queue of the bottleneck, packets (netem's limit counts packets in the delay line too).
   * Default: about 300 ms of the rate, as a mobile network's buffer.
   */
  limitPackets?: number;
}

export interface Shape {
  /** Towards the namespace (what the browser downloads). */
  down?: LinkShape;
  /** From the namespace (what the browser uploads). */
  up?: LinkShape;
}

const PREFIX = 'lh';
const live = new Set<NetNamespace>();
let seq = 0;

/** Removes namespaces named by this harness whose process is gone (a killed test run). */
export function removeStaleNamespaces(): void {
  for (const line of run('ip', ['netns', 'list'], true).split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${PREFIX}(\\d+)n\\d+$`).exec(name);
    if (m && !alive(Number(m[1]))) run('ip', ['netns', 'del', name], true);
  }
}

const NETEMD = fileURLToPath(new URL('./netemd.py', import.meta.url));

/** netem's default queue when none is given: about 300 ms at the rate plus what the delay holds. */
function withLimit(s: LinkShape = {}): LinkShape {
  const rate = s.rateKbit ?? 0;
  if (s.limitPackets || rate <= 0) return s;
  const bitsPerPacket = 1200 * 8;
  return { ...s, limitPackets: Math.max(10, Math.ceil((rate * 1000 * 0.3) / bitsPerPacket)) };
}

export class NetNamespace {
  readonly name: string;
  /** This machine's end of the link: servers the browser should reach listen here. */
  readonly hostIp: string;
  /** The namespace's address. */
  readonly nsIp: string;
  readonly #link: ChildProcess;
  #wrapper: string | null = null;
  #closed = false;

  private constructor(name: string, hostIp: string, nsIp: string, link: ChildProcess) {
    this.name = name;
    this.hostIp = hostIp;
    this.nsIp = nsIp;
    this.#link = link;
  }

  /** A new namespace with a point-to-point link to this machine; the namespace routes everything through it. */
  static async create(): Promise<NetNamespace> {
    hookExit();
    removeStaleNamespaces();
    const n = seq++;
    const name = `${PREFIX}${process.pid}n${n}`;
    const hostIf = `${PREFIX}${process.pid % 100_000}h${n}`;
    const nsIf = `${PREFIX}${process.pid % 100_000}n${n}`;
    // 10.213.x.y/30 from the pid and sequence: distinct for concurrent runs of different processes.
    const block = ((process.pid * 7 + n) % 16_000) * 4;
    const base = `10.213.${Math.floor(block / 256) % 256}.`;
    const hostIp = `${base}${(block % 256) + 1}`;
    const nsIp = `${base}${(block % 256) + 2}`;
    const link = spawn('/usr/bin/python3', [NETEMD, hostIf, nsIf], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: link.stdout as NodeJS.ReadableStream });
    const ready = new Promise<void>((resolve, reject) => {
      lines.once('line', (l) => (l === 'ready' ? resolve() : reject(new Error(`netemd: ${l}`))));
      link.once('exit', (code) => reject(new Error(`netemd exited (${code}) before it was ready`)));
    });
    await ready;
    run('ip', ['netns', 'add', name]);
    const ns = new NetNamespace(name, hostIp, nsIp, link);
    live.add(ns);
    try {
      run('ip', ['link', 'set', nsIf, 'netns', name]);
      run('ip', ['-n', name, 'link', 'set', nsIf, 'name', 'eth0']);
      run('ip', ['addr', 'add', hostIp, 'peer', nsIp, 'dev', hostIf]);
      run('ip', ['link', 'set', hostIf, 'up']);
      run('ip', ['-n', name, 'addr', 'add', nsIp, 'peer', hostIp, 'dev', 'eth0']);
      run('ip', ['-n', name, 'link', 'set', 'eth0', 'up']);
      run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      run('ip', ['-n', name, 'route', 'add', 'default', 'dev', 'eth0']);
    } catch (err) {
      ns.close();
      throw err;
    }
    return ns;
  }

  /** Sets both directions (what is not given is left unshaped). */
  shape(shape: Shape): void {
    this.#link.stdin?.write(JSON.stringify({ down: withLimit(shape.down), up: withLimit(shape.up) }) + '\n');
  }

  /** Cuts the link both ways (every packet lost) until shape() or clear(). */
  outage(): void {
    this.shape({ down: { lossPct: 100 }, up: { lossPct: 100 } });
  }

  clear(): void {
    this.shape({});
  }

  /**
   * Drops UDP inside the namespace, both ways, except DNS-free local traffic (none is needed).
   * With `allowTcpPorts`, TCP is also dropped except to those ports of the host (a firewall that
   * opens only the TURN ports).
   */
  blockUdp(options: { allowTcpPorts?: number[] } = {}): void {
    const allowed = options.allowTcpPorts;
    const rules = [
      'table inet lophoc {',
      '  chain out {',
      '    type filter hook output priority 0; policy accept;',
      '    meta l4proto udp drop',
      ...(allowed ? [`    ip daddr ${this.hostIp} tcp dport != { ${allowed.join(', ')} } drop`] : []),
      '  }',
      '  chain in {',
      '    type filter hook input priority 0; policy accept;',
      '    meta l4proto udp drop',
      '  }',
      '}',
    ].join('\n');
    const file = join(tmpdir(), `${this.name}.nft`);
    writeFileSync(file, rules + '\n');
    try {
      run('ip', ['netns', 'exec', this.name, 'nft', '-f', file]);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** An executable that runs Chromium inside the namespace (for playwright's executablePath). */
  chromiumWrapper(chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): string {
    if (this.#wrapper) return this.#wrapper;
    const file = join(tmpdir(), `${this.name}-chromium.sh`);
    writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${this.name} ${chromium} "$@"\n`);
    chmodSync(file, 0o755);
    this.#wrapper = file;
    return file;
  }

  /** Runs a command inside the namespace and returns its output (blocks this process meanwhile). */
  exec(cmd: string, args: string[]): string {
    return run('ip', ['netns', 'exec', this.name, cmd, ...args]);
  }

  /** Runs a command inside the namespace without blocking this process (its servers keep serving). */
  execAsync(cmd: string, args: string[], timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('ip', ['netns', 'exec', this.name, cmd, ...args], { encoding: 'utf8', timeout: timeoutMs }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    live.delete(this);
    this.#link.stdin?.end();
    this.#link.kill('SIGTERM');
    run('ip', ['netns', 'del', this.name], true);
    if (this.#wrapper) rmSync(this.#wrapper, { force: true });
  }
}

let hooked = false;

/** A test or bench that throws or is interrupted still removes its namespaces. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const ns of [...live]) ns.close();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const ns of [...live]) ns.close();
      process.exit(130);
    });
  }
}

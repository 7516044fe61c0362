/**
 * A throwaway coturn (Debian `coturn`) for tests: the project's TURN configuration
 * (docs/weak-networks.md) on free ports, TURN over UDP and TCP on one port and TURN over TLS on
 * another with a self-signed certificate, credentials from a shared secret (TURN REST API).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface Coturn {
  secret: string;
  /** The address it listens and relays on. */
  ip: string;
  port: number;
  tlsPort: number;
  /** turn: UDP, turn: TCP, turns: TLS, in that order. */
  urls: string[];
  /** The self-signed certificate of the TLS listener (PEM), for clients that can be told to trust it. */
  certPem: string;
  stop(): Promise<void>;
}

export interface CoturnOptions {
  /** Listening and relay address; default 127.0.0.1. */
  ip?: string;
  /** Extra lines of turnserver.conf. */
  extra?: string[];
}

/** The turnserver.conf the project recommends, with this test's addresses and files. */
export function coturnConfig(o: { ip: string; port: number; tlsPort: number; secret: string; cert: string; key: string; minPort: number }): string {
  return [
    `listening-ip=${o.ip}`,
    `relay-ip=${o.ip}`,
    `listening-port=${o.port}`,
    `tls-listening-port=${o.tlsPort}`,
    `min-port=${o.minPort}`,
    `max-port=${o.minPort + 199}`,
    // Short-lived credentials per join: the signaling server mints them with the same secret.
    'use-auth-secret',
    `static-auth-secret=${o.secret}`,
    'realm=lophoc.test',
    `cert=${o.cert}`,
    `pkey=${o.key}`,
    'fingerprint',
    'no-cli',
    'no-dtls',
    'no-multicast-peers',
    // Tests relay to the SFU on a private test address; production denies private ranges except the SFU's (docs).
    'simple-log',
    'log-file=stdout',
    'no-stdout-log',
  ].join('\n');
}

export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  const ip = options.ip ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'classroom-coturn-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=turn.lophoc.test'], { stdio: 'ignore' });
  const secret = randomBytes(24).toString('base64url');
  const [port, tlsPort, minPort] = [await freePort(), await freePort(), 49_000 + Math.floor(Math.random() * 60) * 200];
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(conf, [coturnConfig({ ip, port, tlsPort, secret, cert, key, minPort }), ...(options.extra ?? [])].join('\n') + '\n');
  const child: ChildProcess = spawn('turnserver', ['-c', conf, '--pidfile', join(dir, 'turnserver.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()).length > 8000 && (stderr = stderr.slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitTcp(ip, port, 10_000, () => child.exitCode !== null);
    await waitTcp(ip, tlsPort, 10_000, () => child.exitCode !== null);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`coturn did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    secret,
    ip,
    port,
    tlsPort,
    certPem: readFileSync(cert, 'utf8'),
    urls: [`turn:${ip}:${port}?transport=udp`, `turn:${ip}:${port}?transport=tcp`, `turns:${ip}:${tlsPort}?transport=tcp`],
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitTcp(host: string, port: number, timeoutMs: number, dead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (dead()) throw new Error('turnserver exited');
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

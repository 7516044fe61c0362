/** Small helpers shared by the bench programs' command lines. */
import { networkInterfaces } from 'node:os';

/** "50,100,200" -> [50, 100, 200]; throws on anything that is not a list of positive integers. */
export function intList(text: string, name: string): number[] {
  const out = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--${name} must be a comma-separated list of positive integers`);
  return out;
}

export function positive(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

export function nonNegative(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0`);
  return n;
}

/** The command that ran this bench, as a user would type it again. */
export function commandLine(script: string): string {
  let argv = process.argv.slice(2);
  // arguments written in the npm script itself (e.g. the scenario file) are not the user's
  const fixed = (process.env.npm_lifecycle_script ?? '').trim().split(/\s+/).slice(2);
  if (process.env.npm_lifecycle_event && fixed.length > 0 && fixed.every((a, i) => argv[i] === a)) argv = argv.slice(fixed.length);
  const args = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
  const event = process.env.npm_lifecycle_event;
  if (event) return `npm run ${event}${args.length ? ` -- ${args.join(' ')}` : ''}`;
  return `npx tsx ${script}${args.length ? ` ${args.join(' ')}` : ''}`;
}

/**
 * Interface whose IPv4 address the bench server's mediasoup worker listens on (and announces in
 * its ICE candidates): the first non-loopback IPv4 interface, as on a real server; the bots reach
 * that address locally.
 */
export function defaultMediaInterface(): string {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if ((addrs ?? []).some((a) => a.family === 'IPv4' && !a.internal)) return name;
  }
  return 'lo';
}

/** The IPv4 address of an interface name ("eth0"), or the argument itself when it is an address. */
export function ipv4Of(interfaceOrIp: string): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(interfaceOrIp)) return interfaceOrIp;
  const addr = (networkInterfaces()[interfaceOrIp] ?? []).find((a) => a.family === 'IPv4');
  if (!addr) throw new Error(`interface ${interfaceOrIp} has no IPv4 address`);
  return addr.address;
}

/**
 * `--engine`: which SFU the bench's server runs. Only mediasoup since issue 12 removed Janus; the
 * flag stays so that the command lines of docs/bench.md still run, and the JSON keeps "engine".
 */
export function engineArg(text: string | undefined): 'mediasoup' {
  const engine = text ?? 'mediasoup';
  if (engine === 'janus') throw new Error('--engine janus: the Janus engine was removed (issue 12); mediasoup is the only engine');
  if (engine !== 'mediasoup') throw new Error('--engine must be mediasoup');
  return engine;
}

export const log = (tag: string) => (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} [${tag}] ${line}\n`);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

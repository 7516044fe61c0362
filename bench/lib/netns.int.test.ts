/**
 * The weak-network harness does what it says, measured from inside the namespace: the link's
 * delay, an outage and its end, UDP dropped while TCP passes, and nothing left behind.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetNamespace } from './netns.js';

/** Connects from inside the namespace (a node one-liner there) and prints the time it took, or -1. */
function connectMs(ns: NetNamespace, port: number): number {
  const script = `const s=require('net').connect(${port},'${ns.hostIp}');const t=Date.now();s.on('connect',()=>{console.log(Date.now()-t);process.exit(0)});s.on('error',()=>{console.log(-1);process.exit(0)});setTimeout(()=>{console.log(-1);process.exit(0)},1500)`;
  return Number(ns.exec(process.execPath, ['-e', script]).trim());
}

/** Sends a UDP datagram from inside the namespace; resolves whether it arrived. */
async function udpArrives(ns: NetNamespace): Promise<boolean> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, ns.hostIp, () => r()));
  const port = sock.address().port;
  const got = new Promise<boolean>((resolve) => {
    sock.once('message', () => resolve(true));
    setTimeout(() => resolve(false), 1500);
  });
  ns.exec(process.execPath, ['-e', `const s=require('dgram').createSocket('udp4');s.send('x',${port},'${ns.hostIp}',()=>s.close())`]);
  const arrived = await got;
  sock.close();
  return arrived;
}

describe('a network namespace with netem', () => {
  let ns: NetNamespace;
  let server: Server;
  let port = 0;
  let bulk: Server;
  let bulkPort = 0;

  beforeAll(async () => {
    ns = await NetNamespace.create();
    server = createServer((c) => c.end());
    await new Promise<void>((r) => server.listen(0, ns.hostIp, () => r()));
    port = (server.address() as { port: number }).port;
    bulk = createServer((c) => c.end(Buffer.alloc(100_000, 7)));
    await new Promise<void>((r) => bulk.listen(0, ns.hostIp, () => r()));
    bulkPort = (bulk.address() as { port: number }).port;
  });

  afterAll(() => {
    server?.close();
    bulk?.close();
    ns?.close();
  });

  it('reaches this machine directly, and through a delayed link in about the round trip', () => {
    expect(connectMs(ns, port)).toBeGreaterThanOrEqual(0);
    ns.shape({ down: { delayMs: 100 }, up: { delayMs: 100 } });
    // TCP connect = one round trip (SYN, SYN-ACK) = 200 ms.
    expect(connectMs(ns, port)).toBeGreaterThanOrEqual(195);
    ns.clear();
  });

  it('a rate limit holds a download to about the rate', async () => {
    ns.shape({ down: { rateKbit: 400 } });
    // 100 KB through 400 kbit/s: about 2 s (the sender is on this machine, the receiver inside).
    const script = `const s=require('net').connect(${bulkPort},'${ns.hostIp}');let n=0;const t=Date.now();s.on('data',(d)=>{n+=d.length});s.on('end',()=>{console.log(JSON.stringify({n,ms:Date.now()-t}));process.exit(0)})`;
    const { n, ms } = JSON.parse(await ns.execAsync(process.execPath, ['-e', script])) as { n: number; ms: number };
    expect(n).toBe(100_000);
    expect(ms).toBeGreaterThan(1700);
    expect(ms).toBeLessThan(4000);
    ns.clear();
  });

  it('an outage cuts the link until it is shaped again', () => {
    ns.outage();
    expect(connectMs(ns, port)).toBe(-1);
    ns.clear();
    expect(connectMs(ns, port)).toBeGreaterThanOrEqual(0);
  });

  it('blockUdp() drops UDP inside the namespace while TCP still passes', async () => {
    expect(await udpArrives(ns)).toBe(true);
    ns.blockUdp();
    expect(await udpArrives(ns)).toBe(false);
    expect(connectMs(ns, port)).toBeGreaterThanOrEqual(0);
  });

  it('close() removes the namespace and its link', async () => {
    const other = await NetNamespace.create();
    const name = other.name;
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(name);
    other.close();
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(name);
    expect(execFileSync('ip', ['-o', 'addr'], { encoding: 'utf8' })).not.toContain(other.hostIp + '/');
  });
});

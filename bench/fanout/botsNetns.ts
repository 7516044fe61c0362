/**
 * `bench:fanout --bots-netns`: the student bots in their own network namespace, joined to this
 * machine by a veth pair, with the namespace side's receive processing steered (RPS) to the
 * bots' cores.
 *
 * Why: over loopback the kernel delivers each packet to the receiving socket inside the
 * sender's sendmsg (a softirq on the sender's core, charged to the sender), so the SFU's
 * measured CPU includes the students' IP/UDP receive work, which real students do on their
 * own machines. A veth pair alone does the same (veth's xmit queues to the sending core's
 * backlog); RPS on the namespace's device moves that backlog to the bots' core, so it leaves the
 * SFU's. The difference between a run with and without is the receivers' delivery (docs/bench.md).
 *
 * Needs root (ip netns, veth, sysfs in the namespace). Names carry this process id (`lhf<pid>`)
 * so that nothing of another bench or test is touched; close() deletes the namespace (its veth
 * end with it, and the host end vanishes with its peer); an exit hook closes it when the bench
 * throws, and create() first deletes namespaces of dead bench processes.
 */
import { alive, run } from '../lib/system.js';

const PREFIX = 'lhf';

export interface BotsNetns {
  /** Namespace name (`ip netns exec <name> …`). */
  name: string;
  /** Address of this machine on the veth pair: what the bots reach the server's HTTP port on. */
  hostIp: string;
  /** The bots' address inside the namespace. */
  botsIp: string;
  /** CPU mask (hex) that the namespace's receive processing is steered to; "0" when none. */
  rpsMask: string;
  /** The argv prefix that runs a program inside the namespace. */
  prefix: string[];
  close(): void;
}

/** `taskset -c` list ("1", "0-1", "2,3") → the hex mask sysfs's rps_cpus takes; "0" for none. */
export function cpuListToMask(list: string | undefined): string {
  if (!list) return '0';
  let mask = 0n;
  for (const part of list.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`not a CPU list: "${list}"`);
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    if (to < from || to > 1023) throw new Error(`not a CPU list: "${list}"`);
    for (let c = from; c <= to; c++) mask |= 1n << BigInt(c);
  }
  return mask.toString(16);
}

/** A /30 of 10.214.0.0/16 named by the pid (two benches at once get different ones). */
export function subnetFor(pid: number): { hostIp: string; botsIp: string } {
  const block = (pid % 16384) * 4;
  const base = `10.214.${block >> 8}.`;
  return { hostIp: `${base}${(block & 255) + 1}`, botsIp: `${base}${(block & 255) + 2}` };
}

/** Deletes namespaces of this harness whose bench process is gone (a killed run). */
export function removeStaleBotsNetns(): void {
  for (const line of run('ip', ['netns', 'list'], true).split('\n')) {
    const m = new RegExp(`^${PREFIX}(\\d+)\\b`).exec(line);
    if (m && !alive(Number(m[1]))) run('ip', ['netns', 'del', `${PREFIX}${m[1]}`], true);
  }
}

/** Creates the namespace and the link; `botCpus` (taskset list) receive its packets (RPS). */
export function createBotsNetns(botCpus: string | undefined): BotsNetns {
  removeStaleBotsNetns();
  const name = `${PREFIX}${process.pid}`;
  const host = `${name}h`;
  const inside = `${name}b`;
  const { hostIp, botsIp } = subnetFor(process.pid);
  const rpsMask = cpuListToMask(botCpus);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    run('ip', ['netns', 'del', name], true);
    run('ip', ['link', 'del', host], true);
  };
  process.on('exit', close);
  try {
    run('ip', ['netns', 'add', name]);
    run('ip', ['link', 'add', host, 'type', 'veth', 'peer', 'name', inside, 'netns', name]);
    run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', host]);
    run('ip', ['link', 'set', host, 'up']);
    run('ip', ['-n', name, 'addr', 'add', `${botsIp}/30`, 'dev', inside]);
    run('ip', ['-n', name, 'link', 'set', inside, 'up']);
    run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    // Everything else (the server's media address on this machine's interface) via the host end.
    run('ip', ['-n', name, 'route', 'add', 'default', 'via', hostIp]);
    // sysfs shows the namespace's devices only from inside it (`ip netns exec` mounts its own).
    if (rpsMask !== '0') run('ip', ['netns', 'exec', name, 'sh', '-c', `echo ${rpsMask} > /sys/class/net/${inside}/queues/rx-0/rps_cpus`]);
  } catch (err) {
    close();
    throw new Error(`--bots-netns needs root and veth (${(err as Error).message})`);
  }
  return { name, hostIp, botsIp, rpsMask, prefix: ['ip', 'netns', 'exec', name], close };
}

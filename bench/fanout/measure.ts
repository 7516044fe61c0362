/**
 * One measurement window of a bench:fanout step: counters of the bots, the publisher and the
 * kernel sampled before and after `windowS` seconds, CPU of each process group from /proc, and
 * the row (one JSON line) made of their differences. With several workers (--instances) the row
 * also says which worker served how many bots, its CPU, and the hop latency (cascade.ts).
 */
import type { BenchChild } from '../lib/child.js';
import { sleep } from '../lib/cli.js';
import { boxLoad, cpuSnapshot, groupCpuPct, round1, treePids, type CpuSnapshot } from '../lib/cpuWindow.js';
import { readRssKb, readStat } from '../lib/procfs.js';
import type { PublisherSendStats } from '../lib/sendStats.js';
import type { RunningServer } from '../lib/serverProcess.js';
import { udpDrops, type UdpDrops } from '../lib/udp.js';
import { pidsByPort, type HopLatency } from './cascade.js';
import { deliveryShare, softirqByCore } from './delivery.js';
import { profilePids } from './profile.js';
import { publisherWindow, subscriberWindow, type SubCounters } from './window.js';

/** What stays the same for every step of a run (from the command line). */
export interface MeasureSettings {
  engine: 'mediasoup';
  windowS: number;
  /** The server's media.mediasoup.workerCapacity (consumers) when it runs several workers. */
  workerCapacity: number;
  /** SFU and bots pinned to separate cores (sfuCpus / loadCpus), or sharing them. */
  pin: boolean;
  sfuCpus: string | undefined;
  loadCpus: string | undefined;
  /** The command line, repeated in every line. */
  cmd: string;
  /** `--profile`: perf on the engine's workers during each window (profile.ts). */
  profile: boolean;
  /** `--bots-netns`: the bots in their own network namespace, their receive work on their cores (botsNetns.ts). */
  botsNetns: boolean;
  /** `--settings`: the engine settings of this run (baseline = before issue 14, tuned = today's defaults). */
  settings: 'baseline' | 'tuned' | undefined;
}

/** The step being measured: N bots connected through one publisher to one server (or two nodes). */
export interface StepUnderTest {
  n: number;
  /** The subscribers' answer to `scale` (join time, failures). */
  scaled: Record<string, unknown>;
  pub: BenchChild;
  subs: BenchChild;
  /** Every node of the phase (bench:fanout --nodes 2: two), the lesson's owner first. */
  servers: RunningServer[];
  /** Workers serving the lesson, over all nodes. */
  phaseInstances: number;
  /** What the server's engine reported in /metrics (classroom_sfu_srtp_library_info). */
  srtpLibrary: string | undefined;
}

interface SubsSnapshot {
  atMs: number;
  rssKb: number;
  subs: SubCounters[];
}
interface Sample {
  cpu: CpuSnapshot;
  udp: UdpDrops;
  subs: SubsSnapshot;
  pub: PublisherSendStats;
}

/** The SFU side: every node's server process and its mediasoup workers. */
const sfuTree = (servers: readonly RunningServer[], cpu: CpuSnapshot) => servers.flatMap((srv) => treePids(srv.pid, cpu));

async function sample(pub: BenchChild, subs: BenchChild, servers: readonly RunningServer[]): Promise<Sample> {
  const [s, p] = await Promise.all([subs.call<SubsSnapshot>({ cmd: 'snapshot' }, 20_000), pub.call<{ stats: PublisherSendStats }>({ cmd: 'stats' }, 20_000)]);
  const cpu = cpuSnapshot();
  const udp = udpDrops({ sfu: sfuTree(servers, cpu), bots: [subs.proc.pid as number], publisher: [pub.proc.pid as number] });
  return { cpu, udp, subs: s, pub: p.stats };
}

function dropsBetween(a: UdpDrops, b: UdpDrops) {
  const out: Record<string, number> = {};
  for (const k of Object.keys(b.byGroup)) out[k] = (b.byGroup[k] ?? 0) - (a.byGroup[k] ?? 0);
  out.boxRcvbufErrors = (b.snmp.RcvbufErrors ?? 0) - (a.snmp.RcvbufErrors ?? 0);
  out.boxSndbufErrors = (b.snmp.SndbufErrors ?? 0) - (a.snmp.SndbufErrors ?? 0);
  return out;
}

/** --instances > 1: bots and engine CPU per worker (by SFU port), and the hop latency. */
async function perWorker(a: Sample, b: Sample, subs: BenchChild, engineProcs: number[]) {
  const h = await subs.call<{ originPort: number; byPort: Record<string, number>; hop: HopLatency }>({ cmd: 'hop' }, 20_000);
  const owners = pidsByPort(engineProcs, new Set(Object.keys(h.byPort).map(Number)));
  const workers: Record<string, { bots: number; engineCpuPct: number | null; origin: boolean }> = {};
  for (const [port, bots] of Object.entries(h.byPort)) {
    const pid = owners.get(Number(port));
    workers[port] = { bots, engineCpuPct: pid === undefined ? null : round1(groupCpuPct(a.cpu, b.cpu, [pid])), origin: Number(port) === h.originPort };
  }
  return { workers, hop: h.hop };
}

/** The samples at both ends of the window, and the workers' profile over it when asked. */
async function sampleWindow(settings: MeasureSettings, { pub, subs, servers }: StepUnderTest) {
  const a = await sample(pub, subs, servers);
  const serverPids = new Set(servers.map((srv) => srv.pid));
  // perf samples the workers for the window (less a second, so that it ends inside it).
  const profiling = settings.profile ? profilePids(sfuTree(servers, a.cpu).filter((pid) => !serverPids.has(pid)), Math.max(1, settings.windowS - 1)) : undefined;
  await sleep(settings.windowS * 1000);
  const b = await sample(pub, subs, servers);
  const profile = profiling ? await profiling : undefined;
  return { a, b, profile, seconds: (b.cpu.atMs - a.cpu.atMs) / 1000 };
}

export async function measureStep(settings: MeasureSettings, step: StepUnderTest) {
  const { engine, workerCapacity, pin, sfuCpus, loadCpus, cmd } = settings;
  const { n, scaled, pub, subs, servers, phaseInstances, srtpLibrary } = step;
  const { a, b, profile, seconds } = await sampleWindow(settings, step);
  const sfuPids = sfuTree(servers, b.cpu);
  const serverPids = servers.map((srv) => srv.pid);
  const subsPid = subs.proc.pid as number;
  const pubPid = pub.proc.pid as number;
  const sfuCpuPct = groupCpuPct(a.cpu, b.cpu, sfuPids);
  const botCpuPct = groupCpuPct(a.cpu, b.cpu, [subsPid]);
  const pubPids = treePids(pubPid, b.cpu); // Chromium's processes are the publisher's children
  const pubCpuPct = groupCpuPct(a.cpu, b.cpu, pubPids);
  const ours = new Set([...sfuPids, subsPid, ...pubPids, process.pid]);
  const box = boxLoad(a.cpu, b.cpu, ours, sfuCpuPct + botCpuPct + pubCpuPct + groupCpuPct(a.cpu, b.cpu, [process.pid]));
  const w = subscriberWindow(a.subs.subs, b.subs.subs, seconds);
  const pw = publisherWindow(a.pub, b.pub);
  const sfuRssMb = sfuPids.reduce((sum, pid) => sum + readRssKb(pid), 0) / 1024;
  const engineProcs = sfuPids.filter((pid) => !serverPids.includes(pid));
  const engineCpuPct = groupCpuPct(a.cpu, b.cpu, engineProcs);
  const delivery = deliveryShare({ deliveredPps: w.deliveredPps, sfuCpuPct, engineCpuPct, profile });
  const cascade = phaseInstances > 1 ? { instances: phaseInstances, workerCapacity, ...(await perWorker(a, b, subs, engineProcs)), botsShareCores: !pin } : { instances: phaseInstances };
  return {
    engine,
    srtpLibrary,
    subscribers: n,
    connected: w.connected,
    lossPct: w.lossPct,
    deliveredPps: w.deliveredPps,
    sfuCpuPct: round1(sfuCpuPct),
    sfuRssMb: round1(sfuRssMb),
    botCpuPct: round1(botCpuPct),
    pktsPerCpuSec: sfuCpuPct > 0 ? Math.round(w.deliveredPps / (sfuCpuPct / 100)) : null,
    // extras
    receiving: w.receiving,
    pcStates: w.pcStates,
    subsWithLoss: w.subsWithLoss,
    maxSubLossPct: w.maxSubLossPct,
    deliveredMbps: w.deliveredMbps,
    duplicatesPps: w.duplicatesPps,
    srtpDecrypted: w.decrypted,
    srtpAuthFailures: w.authFailures,
    layer: w.layer,
    keyframeSubs: w.keyframeSubs,
    // the Node processes (signaling; with --nodes 2, both nodes')
    serverCpuPct: round1(groupCpuPct(a.cpu, b.cpu, serverPids)),
    nodes: servers.length,
    // the mediasoup workers (the server's children)
    engineCpuPct: round1(engineCpuPct),
    engineProcesses: engineProcs.length,
    engineThreads: engineProcs.reduce((t, pid) => t + (readStat(pid)?.threads ?? 0), 0),
    pubCpuPct: round1(pubCpuPct),
    botRssMb: round1(b.subs.rssKb / 1024),
    publisher: pw,
    joinMs: scaled.ms,
    joinFailures: scaled.failed,
    udpDrops: dropsBetween(a.udp, b.udp),
    windowS: round1(seconds),
    notOursPct: box.notOursPct,
    irqPct: box.irqPct,
    stealPct: box.stealPct,
    cores: box.cores,
    others: box.topOthers,
    pinned: pin ? { sfu: sfuCpus, load: loadCpus } : null,
    // issue 14: where the receivers' delivery is charged (delivery.ts, docs/bench.md "Loopback")
    settings: settings.settings ?? null,
    botsNetns: settings.botsNetns,
    softirqPctByCore: softirqByCore(a.cpu.cpus, b.cpu.cpus),
    ...delivery,
    profile: profile ?? null,
    ...cascade,
    cmd,
  };
}
export type FanoutRow = Awaited<ReturnType<typeof measureStep>>;

/**
 * Whether a step counts towards the largest N (every bot connected, loss < 1 %, the publisher
 * still sending >= 80 % of `--bitrate`), and why the ramp stops after it, if it does (loss at
 * `--stop-loss`, under 90 % connected, or the publisher under half its bitrate). The publisher
 * shares the box with the bots and the SFU: once it is loaded, the publisher's bandwidth
 * estimation lowers what it sends, and the step then forwards a fading camera with 0 % loss — not
 * the same lesson (a 2-worker ramp went from 1,000 to 0 kbit/s between N = 200 and 700 at 0 %
 * loss; docs/bench.md "One lesson over 2 workers").
 */
export function stepVerdict(row: { subscribers: number; connected: number; lossPct: number; publisher: { videoKbps: number } }, bitrate: number, stopLoss: number): { holds: boolean; stop?: string } {
  const camera = (row.publisher.videoKbps * 1000) / bitrate;
  const holds = row.lossPct < 1 && row.connected >= row.subscribers && camera >= 0.8;
  const why = [
    row.lossPct >= stopLoss ? `loss ${row.lossPct}%` : '',
    row.connected < 0.9 * row.subscribers ? `${row.connected} of ${row.subscribers} connected` : '',
    camera < 0.5 ? `the publisher at ${Math.round(camera * 100)}% of its bitrate` : '',
  ].filter(Boolean);
  return why.length > 0 ? { holds, stop: why.join(', ') } : { holds };
}

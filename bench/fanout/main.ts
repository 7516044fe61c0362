/**
 * Fan-out bench: one teacher publishing 1280x720 VP8 + Opus, N students receiving it, through the
 * built server and its media engine (mediasoup). For each N of `--subscribers` it prints one JSON
 * line: the engine, loss, delivered packets/s, CPU and memory of the whole SFU side (the server's
 * Node process and its mediasoup workers), CPU of the bots, packets per CPU-second. See
 * docs/bench.md.
 *
 *   npm run build && npm run bench:fanout -- --engine mediasoup --subscribers 50,100,200
 *
 * `--instances 2`: the lesson's audience spread over 2 mediasoup workers (the cascade, docs/sfu.md):
 * each line then says how many bots each worker serves and its CPU, and the latency of the pipe
 * (the same frame at bots on either side); first, unless --no-hop-baseline, the first step runs
 * on 1 worker, and one `{"hop":…}` line gives the CPU one pipe adds per forwarded stream.
 *
 * `--nodes 2`: the same over 2 nodes of one deployment (one worker each, PostgreSQL and Redis
 * started here, nodes.ts): every bot signals on the lesson's owner; past `--worker-capacity` its
 * receive transport is on the other node, fed through the node pipe. The lines say which node's
 * worker serves how many bots and the pipe's latency; the hop line is the cost of a node hop.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { BenchChild } from '../lib/child.js';
import { commandLine, defaultMediaInterface, engineArg, intList, log as makeLog, nonNegative, positive, sleep } from '../lib/cli.js';
import { round1 } from '../lib/cpuWindow.js';
import { randomSecret } from '../lib/token.js';
import { createBotsNetns, type BotsNetns } from './botsNetns.js';
import { compareSettings } from './compareSettings.js';
import { compareSrtp, passThrough, reportedSrtpLibrary } from './compareSrtp.js';
import { measureStep, stepVerdict, type FanoutRow, type MeasureSettings } from './measure.js';
import { startPublisher, startSubscribers } from './loadChildren.js';
import { startPhaseServers, type PhaseServers } from './nodes.js';

const log = makeLog('fanout');
const HERE = import.meta.dirname;

const { values: v } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '50,100,200' },
    engine: { type: 'string' },
    srtp: { type: 'string' },
    'compare-srtp': { type: 'boolean', default: false },
    settings: { type: 'string' },
    'compare-settings': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'bots-netns': { type: 'boolean', default: false },
    ramp: { type: 'string', default: '200,300,400,500,600' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '10' },
    window: { type: 'string', default: '20' },
    'publisher-warmup': { type: 'string', default: '15' },
    retries: { type: 'string', default: '2' },
    'max-foreign': { type: 'string', default: '25' },
    sample: { type: 'string', default: '10' },
    simulcast: { type: 'boolean', default: false },
    publisher: { type: 'string', default: 'wrtc' },
    'publisher-nice': { type: 'string', default: '0' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '720' },
    fps: { type: 'string', default: '30' },
    bitrate: { type: 'string', default: '1000000' },
    'no-pin': { type: 'boolean', default: false },
    'sfu-cpus': { type: 'string' },
    'load-cpus': { type: 'string' },
    instances: { type: 'string', default: '1' },
    nodes: { type: 'string', default: '1' },
    'worker-capacity': { type: 'string' },
    'no-hop-baseline': { type: 'boolean', default: false },
    ice: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    'stop-loss': { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '1800' },
    entry: { type: 'string' },
    'keep-temp': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (v.help) {
  process.stdout.write(
    'usage: npm run bench:fanout -- [--subscribers 50,100,200] [--warmup 10] [--window 20] [--simulcast] [--publisher wrtc|chromium] [--publisher-nice=-4]\n' +
      '  [--sample 10] [--no-pin | --sfu-cpus 0 --load-cpus 1] [--ice eth0] [--retries 2] [--max-foreign 25]\n' +
      '  [--bitrate 1000000] [--width 1280 --height 720 --fps 30] [--stop-loss 10] [--max-seconds 1800] [--keep-temp]\n' +
      '  [--instances 2 [--worker-capacity C] [--no-hop-baseline]]   one lesson over 2 mediasoup workers (the cascade): per-worker bots and CPU,\n' +
      '      hop latency; with the baseline (first step on 1 worker first) a {"hop":…} line with the CPU per piped stream\n' +
      '  [--nodes 2 [--worker-capacity C] [--no-hop-baseline]]   one lesson over 2 nodes (PostgreSQL, Redis, edges): per-node bots and CPU, the node pipe\'s latency and CPU\n' +
      '  [--srtp system|openssl]   the server\'s SRTP library (media.srtpLibrary), checked against its /metrics\n' +
      '  [--compare-srtp --subscribers 300 [--ramp 200,300,400,500,600] [--rounds 2]]   system/openssl runs interleaved, medians and ratio\n' +
      '  [--settings baseline|tuned]   the engine settings from before issue 14 (socket buffers: kernel default) or today\'s defaults\n' +
      '  [--compare-settings --subscribers 300 [--ramp ...] [--rounds 2]]   baseline (system SRTP) / tuned (OpenSSL) interleaved, medians and ratio\n' +
      '  [--profile]   perf on the workers in each window: the receivers\' delivery share, SRTP share, top libraries\n' +
      '  [--bots-netns]   the bots in their own network namespace over veth, their receive work on their cores (RPS; root)\n',
  );
  process.exit(0);
}

const steps = intList(v.subscribers as string, 'subscribers');
/** The server's engine: mediasoup, the only one (`--engine` refuses anything else). */
const engine = engineArg(v.engine as string | undefined);
/** `--srtp`: run the server on this SRTP library (media.srtpLibrary; `openssl` is `auto`, checked in /metrics). */
const srtp = ((text: string | undefined) => {
  if (text === undefined || text === 'system' || text === 'openssl') return text;
  throw new Error('--srtp must be system or openssl');
})(v.srtp as string | undefined);
/** What the server's engine reported in /metrics (classroom_sfu_srtp_library_info). */
let srtpLibrary: string | undefined;
const compare = v['compare-srtp'] as boolean;
const compareSet = v['compare-settings'] as boolean;
if (compare && compareSet) throw new Error('--compare-srtp and --compare-settings: one at a time');
/** `--settings`: the engine settings before issue 14 (baseline) or today's defaults (tuned); unset = the config's. */
const engineSettings = ((text: string | undefined) => {
  if (text === undefined || text === 'baseline' || text === 'tuned') return text;
  throw new Error('--settings must be baseline or tuned');
})(v.settings as string | undefined);
/**
 * What `--settings baseline` sets over today's defaults: the engine as it was before issue 14.
 * (The SRTP library is `--srtp system`, which --compare-settings passes with it.)
 */
const BASELINE_MEDIASOUP = { socketBufferBytes: 0 };
const warmupS = positive(v.warmup, 'warmup', 10);
const windowS = positive(v.window, 'window', 20);
const retries = Math.floor(nonNegative(v.retries, 'retries', 2));
const maxForeign = positive(v['max-foreign'], 'max-foreign', 25);
const stopLoss = positive(v['stop-loss'], 'stop-loss', 10);
const bitrate = positive(v.bitrate, 'bitrate', 1_000_000);
const rounds = Math.floor(positive(v.rounds, 'rounds', 2));
// The publisher shares the load core with the bots. A negative increment (e.g. -4) lets it run
// ahead of them when that core saturates, so that its own congestion control does not read its
// starvation as a congested path and lower the rate offered to the SFU (docs/bench.md: with
// mediasoup's transport-cc feedback this made max N not like for like).
const publisherNice = Number(v['publisher-nice']);
if (!Number.isInteger(publisherNice) || publisherNice < -19 || publisherNice > 19) throw new Error('--publisher-nice must be an integer from -19 to 19');
// --compare-srtp: each run has its own --max-seconds; the whole comparison gets one per run.
const maxSeconds = positive(v['max-seconds'], 'max-seconds', 1800) * (compare || compareSet ? rounds * 2 : 1);
const instances = Math.floor(positive(v.instances, 'instances', 1));
const nodes = Math.floor(positive(v.nodes, 'nodes', 1));
if (nodes > 2) throw new Error('--nodes: 1 or 2');
if (nodes > 1 && instances > 1) throw new Error('--nodes 2 runs one worker per node: leave --instances out');
/** Workers serving the lesson in the measured phase: a node's, or one per node. */
const workers = Math.max(instances, nodes);
// Each bot receives voice + camera (2 consumers): by default the origin worker is full at half the
// first step, so that step is split evenly over 2 workers (the server's media.mediasoup.workerCapacity).
const workerCapacity = v['worker-capacity'] !== undefined ? Math.floor(positive(v['worker-capacity'], 'worker-capacity', 1)) : 2 * Math.ceil((steps[0] ?? 2) / 2);
// One worker: SFU and bots on separate cores. Several workers need both cores, so the bots share
// them unless --sfu-cpus/--load-cpus say otherwise (the lines say `botsShareCores`).
const pin = !v['no-pin'] && (workers === 1 || v['sfu-cpus'] !== undefined);
const sfuCpus = pin ? ((v['sfu-cpus'] as string | undefined) ?? '0') : undefined;
const loadCpus = pin ? ((v['load-cpus'] as string | undefined) ?? '1') : undefined;
const ice = (v.ice as string | undefined) ?? defaultMediaInterface();
const cmd = commandLine('bench/fanout/main.ts');

let servers: PhaseServers | undefined;
let netns: BotsNetns | undefined;
const children: BenchChild[] = [];
let cleaning: Promise<void> | undefined;
let failed = false;
/** Stops the servers and bots of a phase (--instances 2 and --nodes 2 run a 1-worker baseline first). */
async function stopPhase(): Promise<void> {
  const running = children.splice(0);
  await Promise.allSettled(running.map((c) => c.kill()));
  const phase = servers;
  servers = undefined;
  await phase?.stop(failed || (v['keep-temp'] as boolean));
  netns?.close();
  netns = undefined;
}
function cleanup(): Promise<void> {
  return (cleaning ??= stopPhase());
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
const hardStop = setTimeout(() => {
  log(`--max-seconds ${maxSeconds} reached: stopping`);
  void cleanup().finally(() => process.exit(4));
}, maxSeconds * 1000);
hardStop.unref();

const settings: MeasureSettings = {
  engine,
  windowS,
  workerCapacity,
  pin,
  sfuCpus,
  loadCpus,
  cmd,
  profile: v.profile as boolean,
  botsNetns: v['bots-netns'] as boolean,
  settings: engineSettings,
};
type Row = FanoutRow;
/** One measurement window of step `n` (measure.ts), with the SRTP library the server reported. */
function measure(n: number, scaled: Record<string, unknown>, pub: BenchChild, subs: BenchChild, phase: PhaseServers, phaseWorkers: number): Promise<Row> {
  return measureStep(settings, { n, scaled, pub, subs, servers: phase.all, phaseInstances: phaseWorkers, srtpLibrary });
}


async function main(): Promise<void> {
  const t0 = Date.now();
  log(`${cmd}`);
  log(`engine ${engine}, steps ${steps.join(',')}, warm-up ${warmupS}s, window ${windowS}s, ice ${ice}, ${pin ? `SFU on cpu ${sfuCpus}, bots on cpu ${loadCpus}` : 'not pinned'}`);
  let baseline: Row | undefined;
  if (workers > 1 && !v['no-hop-baseline']) {
    log(`hop baseline: N=${steps[0]} on 1 worker first`);
    baseline = (await runPhase(1, steps.slice(0, 1), 1))[0];
    await stopPhase();
  }
  if (workers > 1) log(`${workers} workers${nodes > 1 ? ` on ${nodes} nodes` : ''}, worker capacity ${workerCapacity} consumers (a lesson spills onto the next worker past it)`);
  const rows = await runPhase(instances, steps, nodes);
  const first = rows[0];
  if (baseline && first && first.subscribers === baseline.subscribers && 'workers' in first) {
    // Each worker besides the origin receives the teacher's voice and camera once.
    const pipedStreams = 2 * Math.max(0, Object.keys(first.workers).length - 1);
    const extra = first.engineCpuPct - baseline.engineCpuPct;
    const line = {
      hop: true,
      // 2: the hop is the pipe between nodes (their own processes and UDP over the network)
      nodes,
      subscribers: first.subscribers,
      pipedStreams,
      engineCpuPct1Worker: baseline.engineCpuPct,
      engineCpuPct2Workers: first.engineCpuPct,
      hopCpuPctPerStream: pipedStreams > 0 ? round1(extra / pipedStreams) : null,
      hopLatencyP50Ms: first.hop.p50Ms,
      hopLatencyP95Ms: first.hop.p95Ms,
      directSpreadP50Ms: first.hop.directSpreadP50Ms,
      lossPct1Worker: baseline.lossPct,
      lossPct2Workers: first.lossPct,
      botsShareCores: !pin,
      cmd,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
    log(`hop: +${line.hopCpuPctPerStream}% of a core per piped stream (${pipedStreams} streams), latency p50 ${line.hopLatencyP50Ms} ms p95 ${line.hopLatencyP95Ms} ms (direct bots' own spread ${line.directSpreadP50Ms} ms)`);
  }
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/** `phaseNodes` servers (each with `phaseInstances` workers), one publisher, the bots ramped over `phaseSteps`: one line per step. */
async function runPhase(phaseInstances: number, phaseSteps: number[], phaseNodes: number): Promise<Row[]> {
  const phaseWorkers = phaseInstances * phaseNodes;
  const { phase, pub, subs } = await startLoad(phaseInstances, phaseNodes);
  const rowsOut: Row[] = [];
  let best: number | undefined;
  for (const n of phaseSteps) {
    const row = await measureAt(n, pub, subs, phase, phaseWorkers);
    rowsOut.push(row);
    const verdict = stepVerdict(row, bitrate, stopLoss);
    if (verdict.holds) best = n;
    if (verdict.stop) {
      log(`N=${n}: ${verdict.stop}: stopping the ramp`);
      break;
    }
  }
  log(best !== undefined ? `largest N with all connected, loss < 1% and the publisher at >= 80% of its bitrate (${phaseWorkers} worker${phaseWorkers > 1 ? 's' : ''}${phaseNodes > 1 ? ` on ${phaseNodes} nodes` : ''}): ${best}` : 'no step had all bots connected, loss < 1% and the publisher at its bitrate');
  return rowsOut;
}

/** The phase's servers, the publisher (its SRTP library checked) and the bots' process, warmed up. */
async function startLoad(phaseInstances: number, phaseNodes: number): Promise<{ phase: PhaseServers; pub: BenchChild; subs: BenchChild }> {
  const phaseWorkers = phaseInstances * phaseNodes;
  const secret = randomSecret();
  const metricsToken = randomSecret();
  if (settings.botsNetns) {
    netns = createBotsNetns(loadCpus);
    log(`bots in network namespace ${netns.name} (${netns.botsIp}, server HTTP on ${netns.hostIp}), their receive processing on cpu mask ${netns.rpsMask}`);
  }
  servers = await startPhaseServers(phaseNodes, {
    ...(netns ? { httpHost: netns.hostIp } : {}),
    linkSecret: secret,
    mediaInterface: ice,
    instances: phaseInstances,
    ...(v.entry ? { entry: v.entry } : {}),
    ...(sfuCpus ? { cpus: sfuCpus } : {}),
    extraConfig: {
      // /metrics is served on the main port only with a bearer token (no separate listener,
      // whose fixed port another server may hold): the bench reads the SRTP library there.
      metrics: { port: -1, token: metricsToken },
      media: {
        ...(srtp ? { srtpLibrary: srtp === 'system' ? 'system' : 'auto' } : {}),
        mediasoup: { ...(engineSettings === 'baseline' ? BASELINE_MEDIASOUP : {}), ...(phaseWorkers > 1 ? { workerCapacity } : {}) },
      },
    },
    keepTemp: v['keep-temp'] as boolean,
    log,
  }, log);
  const phase = servers;
  const srv = phase.origin;
  const maxLifetimeS = maxSeconds + 120;
  const pub = await startPublisher(
    {
      srv,
      ...(loadCpus ? { cpus: loadCpus } : {}),
      nice: publisherNice,
      width: positive(v.width, 'width', 1280),
      height: positive(v.height, 'height', 720),
      fps: positive(v.fps, 'fps', 30),
      maxBitrate: bitrate,
      simulcast: v.simulcast as boolean,
      kind: v.publisher === 'chromium' ? 'chromium' : 'wrtc',
      maxLifetimeS,
    },
    children,
  );
  await checkSrtpLibrary(srv.baseUrl, metricsToken);
  const subs = await startSubscribers(
    {
      srv,
      linkSecret: secret,
      ...(loadCpus ? { cpus: loadCpus } : {}),
      ...(netns ? { prefix: netns.prefix } : {}),
      sampleEvery: Math.floor(positive(v.sample, 'sample', 10)),
      concurrency: Math.floor(positive(v.concurrency, 'concurrency', 2)),
      recordFrames: phaseWorkers > 1 ? 300 : 0,
      maxLifetimeS,
    },
    children,
  );
  const pubWarm = positive(v['publisher-warmup'], 'publisher-warmup', 15);
  log(`publisher warm-up ${pubWarm}s (congestion control ramps up)`);
  await sleep(pubWarm * 1000);
  return { phase, pub, subs };
}

/** Reads the SRTP library the engine reports in /metrics; refuses a run whose `--srtp` it does not match. */
async function checkSrtpLibrary(baseUrl: string, metricsToken: string): Promise<void> {
  const metrics = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  if (!metrics.ok) throw new Error(`GET /metrics answered ${metrics.status}`);
  srtpLibrary = reportedSrtpLibrary(await metrics.text(), engine);
  log(`the server's ${engine} engine encrypts SRTP with the ${srtpLibrary ?? 'unknown'} library`);
  if (srtp && srtpLibrary !== srtp) {
    const hint = srtp === 'openssl' ? ' (`npm run media:build` builds the OpenSSL libsrtp2; its output says why it could not)' : '';
    throw new Error(`--srtp ${srtp}, but the server's ${engine} engine reported "${srtpLibrary ?? 'nothing'}" in /metrics${hint}`);
  }
}

/** Scales the bots to `n`, warms up, measures (again while others used the box), prints the row. */
async function measureAt(n: number, pub: BenchChild, subs: BenchChild, phase: PhaseServers, phaseWorkers: number): Promise<Row> {
  const scaled = await subs.call<Record<string, unknown>>({ cmd: 'scale', n, timeoutMs: 60_000 + 1_000 * n }, 120_000 + 1_500 * n);
  log(`N=${n}: ${String(scaled.connected)} connected in ${String(scaled.ms)} ms; warm-up ${warmupS}s`);
  await sleep(warmupS * 1000);
  let row = await measure(n, scaled, pub, subs, phase, phaseWorkers);
  for (let attempt = 1; attempt <= retries && row.notOursPct > maxForeign; attempt++) {
    log(`N=${n}: ${row.notOursPct}% of a core used by others during the window (${row.others.join(' ')}); measuring again (${attempt}/${retries})`);
    const again = await measure(n, scaled, pub, subs, phase, phaseWorkers);
    if (again.notOursPct < row.notOursPct) row = again;
  }
  process.stdout.write(JSON.stringify(row) + '\n');
  log(
    `N=${n} loss ${row.lossPct}% delivered ${row.deliveredPps} pps, SFU ${row.sfuCpuPct}% CPU (${engine} ${row.engineCpuPct}%, server ${row.serverCpuPct}%) ${row.sfuRssMb} MB, ` +
      `${row.pktsPerCpuSec} pkts/CPU-s${row.deliveryCpuPct !== null ? ` (${row.pktsPerCpuSecWithoutDelivery} without the receivers' delivery, ${row.deliveryCpuPct}% of a core)` : ''}, softirq ${JSON.stringify(row.softirqPctByCore)}, bots ${row.botCpuPct}%, publisher ${row.publisher.videoKbps} kbit/s ${row.publisher.videoPps}+${row.publisher.audioPps} pps, others ${row.notOursPct}%`,
  );
  return row;
}

/** `--compare-srtp`: interleaved runs of this bench as children (bench/fanout/compareSrtp.ts). */
async function compareMain(): Promise<void> {
  const n = steps.length === 1 ? steps[0] : undefined;
  if (n === undefined) throw new Error('--compare-srtp measures at one N: --subscribers 300 (the ramp is --ramp)');
  const line = await compareSrtp({
    script: join(HERE, 'main.ts'),
    subscribers: n,
    ramp: intList(v.ramp as string, 'ramp'),
    rounds,
    passArgs: passThrough(process.argv.slice(2)),
    log,
    onRun: (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
  });
  process.stdout.write(`${JSON.stringify({ ...line, cmd })}\n`);
  log(`compare-srtp: ${line.pktsPerCpuSecSystem} -> ${line.pktsPerCpuSecOpenssl} pkts/CPU-s (ratio ${line.ratio}), maxN ${line.maxNSystem} -> ${line.maxNOpenssl}`);
}

/** `--compare-settings`: baseline / tuned runs interleaved (bench/fanout/compareSettings.ts). */
async function compareSettingsMain(): Promise<void> {
  const n = steps.length === 1 ? steps[0] : undefined;
  if (n === undefined) throw new Error('--compare-settings measures at one N: --subscribers 300 (the ramp is --ramp)');
  const line = await compareSettings({
    script: join(HERE, 'main.ts'),
    engine,
    subscribers: n,
    ramp: intList(v.ramp as string, 'ramp'),
    rounds,
    argv: process.argv.slice(2),
    log,
    onRun: (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
  });
  process.stdout.write(`${JSON.stringify({ ...line, cmd })}\n`);
  log(`compare-settings: ${line.pktsPerCpuSecBaseline} -> ${line.pktsPerCpuSecTuned} pkts/CPU-s (ratio ${line.ratio}), maxN ${line.maxNBaseline} -> ${line.maxNTuned}`);
}

(compare ? compareMain() : compareSet ? compareSettingsMain() : main())
  .catch((err: unknown) => {
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    for (const s of servers?.all ?? []) log(`server log kept: ${s.logFile}`);
    failed = true;
    process.exitCode = 1;
  })
  .finally(() => cleanup().finally(() => process.exit()));

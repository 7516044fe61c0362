/**
 * The long fuzz run (issue 13), against the real server in a child process (so a crash is seen,
 * counted, and the server started again):
 *   npm run fuzz -- --frames 1000000 [--concurrency 8] [--seed 42]
 *     WebSocket: generated and mutated ClientMessage frames (signaling/fuzz/frames.ts) over many
 *     connections (as nobody, students, teachers), each frame checked against the documented
 *     answers (oracle.ts), a canary teacher asking all along. Prints one JSON line:
 *     {"frames","connections","crashes","internalErrors","maxRssMb","maxHealthzMs", ...details}
 *   npm run fuzz -- --http --requests 100000 [--concurrency 8] [--seed 42]
 *     HTTP API: generated requests to every route as each role (signaling/fuzz/httpFuzz.ts).
 *     Prints {"requests","crashes","internalErrors","undocumented","maxRssMb","maxHealthzMs", ...}
 * internalErrors: WebSocket INTERNAL errors / HTTP 5xx other than 503. The details: violations
 * (the first few), serverLogErrors (error lines in the server log), canary figures, seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { openStorage } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { JoinLinks } from '../signaling/auth/JoinLinks.js';
import { frameArb } from '../signaling/fuzz/frames.js';
import { httpViolation, requestArb, send } from '../signaling/fuzz/httpFuzz.js';
import { FUZZ_API_ROUTES } from '../signaling/fuzz/httpRoutes.js';
import { Canary, emptyStats, endedLessonCount, fuzzConnection, openingArb, type WsFuzzTarget } from '../signaling/fuzz/wsFuzz.js';
import { createServices } from '../signaling/services.js';
import { childServer, type ChildServer } from '../testkit/childServer.js';
import { buildFuzzWorld } from '../testkit/fuzzWorld.js';
import { buildSchoolWorld, signedIn } from '../testkit/schoolWorld.js';
import { FuzzMonitor } from './fuzzMonitor.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '20000' },
    http: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string' },
    lessons: { type: 'string' },
  },
});
const SEED = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
const CONCURRENCY = Number(values.concurrency);
// A teacher's endLesson frame is let through one time in ENDS_ONE_IN and an ended lesson is not
// fuzzed again: a long run needs more lessons and rarer ends, or it runs out of live rooms
// (20 lessons were all ended after ~60,000 frames). About 30 lessons end in a 1M-frame run.
const FRAMES = Number(values.frames);
const LESSONS = values.lessons ? Number(values.lessons) : Math.max(20, Math.ceil(FRAMES / 10_000));
const ENDS_ONE_IN = Math.max(200, Math.round(FRAMES / 500));
const LINK_SECRET = `fuzz-link-secret-${SEED}-0123456789abcdefghij`;
const MAX_PAYLOAD = 128 * 1024;

async function startServer(dataDir: string, monitor: { logLine(l: string): void }): Promise<ChildServer> {
  const server = await childServer(
    {
      dataDir,
      log: { level: 'warn' },
      auth: { linkSecret: LINK_SECRET },
      signaling: { maxPayloadBytes: MAX_PAYLOAD, messagesPerSecond: 100_000, messageBurst: 100_000, requestTimeoutMs: 3000, joinBurst: 1_000_000 },
      lesson: { reconnectGraceMs: 500, emptyRoomCloseMs: 2000 },
    },
    { onLogLine: (l) => monitor.logLine(l) },
  );
  await server.start();
  return server;
}

async function runWs(dataDir: string, monitor: FuzzMonitor, server: ChildServer, lessonIds: string[]): Promise<Record<string, unknown>> {
  const links = new JoinLinks(LINK_SECRET, systemClock, 24 * 3_600_000);
  const target: WsFuzzTarget = {
    wsUrl: server.wsUrl,
    maxPayloadBytes: MAX_PAYLOAD,
    joinToken: (role, lesson, userId) => links.mint({ lessonId: lessonIds[lesson] ?? '', userId, name: `Fuzz ${userId.slice(-5)}`, role }),
    teacherLessons: lessonIds.length - 1,
    answerTimeoutMs: 6000,
    endLessonOneIn: ENDS_ONE_IN,
  };
  const total = FRAMES;
  const stats = emptyStats();
  const canary = new Canary(target, 250);
  await canary.start();
  let batch = 0;
  let lastReport = Date.now();
  let reported = 0;
  const sequences = fc.tuple(openingArb, fc.array(frameArb, { maxLength: 40 }));
  const worker = async () => {
    while (stats.frames < total) {
      const seed = SEED * 1000 + batch++;
      for (const [opening, frames] of fc.sample(sequences, { numRuns: 10, seed })) {
        if (stats.frames >= total) return;
        await monitor.ready();
        await fuzzConnection(target, opening, frames, stats);
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        process.stderr.write(`fuzz: ${stats.frames}/${total} frames, ${stats.connections} connections, ${endedLessonCount()}/${LESSONS} lessons ended, ${stats.violations.length} violations, ${monitor.crashes} crashes\n`);
        // Each violation as soon as it is seen: a long run stopped early still says what it found.
        for (const v of stats.violations.slice(reported)) process.stderr.write(`fuzz: violation: ${v}\n`);
        reported = stats.violations.length;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await canary.stop();
  return {
    frames: stats.frames,
    connections: stats.connections,
    crashes: monitor.crashes,
    lessons: LESSONS,
    lessonsEnded: endedLessonCount(),
    internalErrors: stats.internalErrors,
    maxRssMb: Math.round(monitor.maxRssMb),
    maxHealthzMs: Math.round(monitor.maxHealthzMs),
    violations: stats.violations.slice(0, 5),
    violationCount: stats.violations.length,
    serverLogErrors: monitor.logErrorCount,
    canaryRequests: canary.rtts.length,
    canaryFailures: canary.failures.length,
    canaryMaxRttMs: Math.round(canary.maxRttMs),
    outcomes: stats.outcomes,
  };
}

async function runHttp(monitor: FuzzMonitor, server: ChildServer, ids: string[], accounts: Parameters<typeof signedIn>[1][]): Promise<Record<string, unknown>> {
  const cookies: string[] = [];
  for (const a of accounts) cookies.push((await signedIn(server.httpUrl, a)).cookie);
  const arb = requestArb({ baseUrl: server.httpUrl, routes: FUZZ_API_ROUTES, ids, cookies });
  const total = Number(values.requests);
  let requests = 0;
  let internalErrors = 0;
  const violations: string[] = [];
  let batch = 0;
  const worker = async () => {
    while (requests < total) {
      for (const r of fc.sample(arb, { numRuns: 20, seed: SEED * 1000 + batch++ })) {
        if (requests >= total) return;
        await monitor.ready();
        requests++;
        const answer = await send(server.httpUrl, r, 15_000);
        const v = httpViolation(r, answer);
        if (answer.status >= 500 && answer.status !== 503) internalErrors++;
        if (v) violations.push(v);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return {
    requests,
    crashes: monitor.crashes,
    internalErrors,
    undocumented: violations.length,
    maxRssMb: Math.round(monitor.maxRssMb),
    maxHealthzMs: Math.round(monitor.maxHealthzMs),
    violations: violations.slice(0, 5),
    serverLogErrors: monitor.logErrorCount,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'classroom-fuzz-'));
  const started = Date.now();
  let server: ChildServer | undefined;
  // A long run is often stopped by hand (Ctrl-C, `kill`): stop the server child and remove the
  // temporary data with it, or the server (and its media worker) would outlive the fuzzer.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // `kill`/`pkill` and tsx's relaying can deliver the signal twice: the second must not end
    // the process before the server child is stopped.
    if (stopping) return;
    stopping = true;
    void (server?.stop() ?? Promise.resolve()).finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const storage = await openStorage({ sqlite: { dataDir } });
    const services = createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs: await DiskBlobStore.open({ dir: join(dataDir, 'blobs') }) });
    const fuzzWorld = values.http ? undefined : await buildFuzzWorld(services, LESSONS + 1);
    const school = values.http ? await buildSchoolWorld(services, { studentsInA: 3 }) : undefined;
    await storage.close();
    const monitor: { current?: FuzzMonitor } = {};
    server = await startServer(dataDir, { logLine: (l) => monitor.current?.logLine(l) });
    monitor.current = new FuzzMonitor(server);
    monitor.current.start();
    const result = school
      ? await runHttp(monitor.current, server, [school.lessonA.id, school.studentsA[0]!.userId, school.teacherA.userId, school.admin.userId, school.classA], [school.admin, school.teacherA, school.studentsA[0]!, school.parentA])
      : await runWs(dataDir, monitor.current, server, fuzzWorld!.lessonIds);
    monitor.current.stop();
    const command = `npm run fuzz -- ${values.http ? `--http --requests ${values.requests}` : `--frames ${values.frames}`} --concurrency ${CONCURRENCY} --seed ${SEED}`;
    for (const line of monitor.current.logErrors) process.stderr.write(`server log: ${line}\n`);
    process.stdout.write(`${JSON.stringify({ ...result, seconds: Math.round((Date.now() - started) / 1000), seed: SEED, command })}\n`);
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

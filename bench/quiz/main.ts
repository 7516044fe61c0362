/**
 * Live quiz bench (issue 7): N signaling clients (no media) in one live lesson; the teacher puts
 * a question (a four-option poll: the demo teacher's bank is empty, and grading costs the same)
 * and every student answers within the answer window. Prints one JSON line:
 * {"students","answers","lost","ackP50Ms","ackP99Ms","histogramAllMs","rows","serverCpuPct","serverRssMb",…}
 * - ack latency: answer sent -> its Ack (the server acknowledges once the answer is durable);
 * - histogramAllMs: the teacher's launch Ack -> the teacher's tally push that counts every answer;
 * - rows: answers of this question in the database afterwards (must equal answers);
 * - serverCpuPct / serverRssMb: the server process tree over the same window (% of one core) / peak RSS.
 * `--mode exam` runs the exam bench (bench/quiz/exam.ts, assigned quizzes and exams) instead.
 *
 *   npm run build && npm run bench:quiz -- --students 2000
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { commandLine, defaultMediaInterface, log as makeLog, positive, sleep } from '../lib/cli.js';
import { cpuSnapshot, groupCpuPct, round1, treePids } from '../lib/cpuWindow.js';
import { readRssKb } from '../lib/procfs.js';
import { startServer, type RunningServer } from '../lib/serverProcess.js';
import { SignalingClient } from '../lib/signalingClient.js';
import { randomSecret } from '../lib/token.js';
import { figures } from './stats.js';
import { StudentPool } from './students.js';

const modeAt = process.argv.indexOf('--mode');
if (modeAt >= 0 && process.argv[modeAt + 1] === 'exam') runExam(process.argv.filter((_, i) => i !== modeAt && i !== modeAt + 1).slice(2));
else void runLive();

/** The exam run lives in its own program (bench/quiz/exam.ts); this one only hands it the command line. */
function runExam(args: string[]): void {
  const file = join(import.meta.dirname, 'exam.ts');
  if (!existsSync(file)) {
    process.stderr.write('bench:quiz --mode exam: bench/quiz/exam.ts is not there yet (the exam run of assigned quizzes and exams)\n');
    process.exit(2);
  }
  const child = spawn(process.execPath, [...process.execArgv, file, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runLive(): Promise<void> {
  const log = makeLog('quiz');
  const { values: v } = parseArgs({
    options: {
      mode: { type: 'string', default: 'live' },
      students: { type: 'string', default: '2000' },
      'window-ms': { type: 'string', default: '1000' },
      'join-concurrency': { type: 'string', default: '50' },
      'duration-sec': { type: 'string', default: '120' },
      entry: { type: 'string' },
      'max-seconds': { type: 'string', default: '1800' },
      'keep-temp': { type: 'boolean', default: false },
    },
  });
  const students = Math.floor(positive(v.students, 'students', 2000));
  const windowMs = positive(v['window-ms'], 'window-ms', 1000);
  const maxSeconds = positive(v['max-seconds'], 'max-seconds', 1800);
  const cmd = commandLine('bench/quiz/main.ts');
  let server: RunningServer | undefined;
  let pool: StudentPool | undefined;
  let teacher: SignalingClient | undefined;
  let failed = false;
  const cleanup = async () => {
    pool?.close();
    teacher?.close();
    await server?.stop(failed || (v['keep-temp'] as boolean));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
  setTimeout(() => {
    log(`--max-seconds ${maxSeconds} reached: stopping`);
    failed = true;
    void cleanup().finally(() => process.exit(4));
  }, maxSeconds * 1000).unref();

  try {
    log(cmd);
    const secret = randomSecret();
    server = await startServer({ linkSecret: secret, mediaInterface: defaultMediaInterface(), ...(v.entry ? { entry: v.entry } : {}), log });
    const srv = server;
    const lessonId = srv.demo.lessonId;
    let launchedAt = 0;
    let allCountedAt = 0;
    let quizId = '';
    teacher = await SignalingClient.connect(srv.wsUrl, {
      requestTimeoutMs: 60_000,
      onPush: (m) => {
        quizId ||= m.liveQuizTeacherView?.quiz?.id ?? '';
        if (!allCountedAt && (m.liveQuizTally?.tally?.answered ?? 0) >= students) allCountedAt = performance.now();
      },
    });
    await teacher.join(lessonId, srv.demo.teacher.token);
    pool = new StudentPool({ wsUrl: srv.wsUrl, lessonId, secret, count: students, concurrency: Math.floor(positive(v['join-concurrency'], 'join-concurrency', 50)), windowMs, choices: ['A', 'B', 'C', 'D'], log });
    const joinStart = performance.now();
    await pool.join();
    log(`${students} students joined in ${Math.round(performance.now() - joinStart)} ms; settling`);
    await sleep(2000);

    const before = cpuSnapshot();
    let peakRssKb = readRssKb(srv.pid);
    const rssTimer = setInterval(() => (peakRssKb = Math.max(peakRssKb, readRssKb(srv.pid))), 100);
    const poll = { text: 'Câu hỏi nhanh: chọn một đáp án', options: ['Một', 'Hai', 'Ba', 'Bốn'] };
    await teacher.request({ startLiveQuiz: { poll, durationSec: Math.floor(positive(v['duration-sec'], 'duration-sec', 120)) } });
    launchedAt = performance.now();
    // Every student saw the question and has its answer's outcome; then the teacher's last tally.
    const deadline = launchedAt + windowMs + 60_000;
    while (pool.seen < students && performance.now() < deadline) await sleep(20);
    await pool.settled();
    const waitTally = performance.now() + 5000;
    while (!allCountedAt && performance.now() < waitTally) await sleep(10);
    const after = cpuSnapshot();
    clearInterval(rssTimer);
    const f = figures(pool.outcomes());
    const line = {
      students,
      answers: f.answers,
      lost: f.lost,
      ackP50Ms: f.ackP50Ms,
      ackP99Ms: f.ackP99Ms,
      histogramAllMs: allCountedAt ? Math.round(allCountedAt - launchedAt) : null,
      rows: countRows(join(srv.tempDir, 'data', 'classroom.sqlite'), quizId),
      serverCpuPct: round1(groupCpuPct(before, after, treePids(srv.pid, after))),
      serverRssMb: Math.round(peakRssKb / 1024),
      windowMs,
      errors: f.errors,
      cmd,
    };
    if (f.lost > 0 || line.rows !== f.answers) failed = true;
    process.stdout.write(JSON.stringify(line) + '\n');
  } catch (err) {
    log(`FAILED: ${(err as Error)?.stack ?? String(err)}`);
    failed = true;
    process.exitCode = 1;
  } finally {
    await cleanup();
    process.exit();
  }
}

/** Answers of the question in the server's SQLite file (read-only beside the running server). */
function countRows(file: string, quizId: string): number | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = (quizId
      ? db.prepare('SELECT COUNT(*) AS n FROM live_quiz_answers WHERE quiz_id = ?').get(quizId)
      : db.prepare('SELECT COUNT(*) AS n FROM live_quiz_answers').get()) as { n: number | bigint };
    return Number(row.n);
  } finally {
    db.close();
  }
}

/**
 * Exam bench (issue 7): N students in exam mode, each saving an answer every `--every` seconds
 * for `--seconds`, over the real HTTP API of a real server process (SQLite, synchronous=full).
 * A save counts as acknowledged on its 200, which the server sends after the commit; anything
 * else is lost. Prints one JSON line: {"mode":"exam","students","saves","lost","saveP50Ms","saveP99Ms"}.
 *
 *   npm run build && npm run bench:quiz -- --mode exam --students 1000
 *
 * Set-up (not measured): the demo school's admin imports a teacher and N students, each signs in
 * and changes the first password (argon2: a minute or two for 1000), the teacher puts three
 * questions in the bank and gives an exam; then every student starts their attempt.
 */
import { parseArgs } from 'node:util';
import { commandLine, log as makeLog, positive, sleep } from '../lib/cli.js';
import { startServer, tail, type RunningServer } from '../lib/serverProcess.js';
import { randomSecret } from '../lib/token.js';
import { Http, inBatches, percentile } from './examHttp.js';

const log = makeLog('exam');
const { values: v } = parseArgs({
  options: {
    mode: { type: 'string', default: 'exam' },
    students: { type: 'string', default: '1000' },
    every: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '120' },
    'setup-concurrency': { type: 'string', default: '8' },
    'keep-temp': { type: 'boolean', default: false },
  },
  strict: false,
});

const students = Math.floor(positive(v.students as string, 'students', 1000));
const everyMs = positive(v.every as string, 'every', 5) * 1000;
const runMs = positive(v.seconds as string, 'seconds', 120) * 1000;
const setupConcurrency = Math.floor(positive(v['setup-concurrency'] as string, 'setup-concurrency', 8));
const PASSWORD = 'Bench-Exam-2026!';

async function signIn(base: string, login: string, password: string): Promise<Http> {
  const c = new Http(base);
  const r = await c.json<{ mustChangePassword: boolean }>('POST', '/api/auth/login', { login, password });
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
  if (r.body.mustChangePassword) {
    const p = await c.json('POST', '/api/auth/password', { currentPassword: password, newPassword: PASSWORD });
    if (p.status !== 200) throw new Error(`password ${login}: ${p.status} ${JSON.stringify(p.body)}`);
  }
  return c;
}

async function setUp(server: RunningServer): Promise<{ examId: string; clients: Http[]; attempts: Array<{ attemptId: string; questionId: string }> }> {
  const text = tail(server.logFile, 200);
  const adminPassword = /mật khẩu tạm "([^"]+)"/.exec(text)?.[1];
  if (!adminPassword) throw new Error('the demo admin password was not printed (a fresh data folder is needed)');
  const admin = await signIn(server.baseUrl, 'admin', adminPassword);
  const t0 = Date.now();
  const teacherCsv = 'Mã định danh,Họ và tên,Phân công\n009900000001,Giáo Viên Thi,8A:Tin học\n';
  const teachers = await admin.raw<{ created: Array<{ code: string; initialPassword: string }> }>('POST', '/api/admin/roster/apply?kind=teachers', teacherCsv, 'text/csv');
  if (teachers.status !== 200) throw new Error(`teacher import: ${teachers.status} ${JSON.stringify(teachers.body)}`);
  // Names have letters only (the roster refuses digits): "Học Sinh Ab", "Học Sinh Ac"…
  const letters = (n: number): string => (n < 26 ? 'abcdefghijklmnopqrstuvwxyz'[n]! : letters(Math.floor(n / 26) - 1) + 'abcdefghijklmnopqrstuvwxyz'[n % 26]!);
  const rows = Array.from({ length: students }, (_, i) => `0099${String(10_000_000 + i).padStart(8, '0')},Học Sinh A${letters(i)},8A`);
  const roster = await admin.raw<{ created: Array<{ code: string; initialPassword: string }> }>('POST', '/api/admin/roster/apply?kind=students', `Mã định danh,Họ và tên,Lớp\n${rows.join('\n')}\n`, 'text/csv');
  if (roster.status !== 200) throw new Error(`student import: ${roster.status} ${JSON.stringify(roster.body).slice(0, 500)}`);
  log(`imported 1 teacher and ${roster.body.created.length} students in ${Date.now() - t0} ms`);
  const t = teachers.body.created[0]!;
  const teacher = await signIn(server.baseUrl, t.code, t.initialPassword);
  const meta = await teacher.json<{ subjects: Array<{ id: string; canAuthor: boolean }> }>('GET', '/api/bank/meta');
  const subjectId = meta.body.subjects.find((s) => s.canAuthor)!.id;
  const tags = { gradeLevel: 8, topic: null, level: null };
  const questions = [
    { body: { kind: 'single_choice', stem: 'Đơn vị đo thông tin nhỏ nhất là', options: ['bit', 'byte', 'KB', 'MB'].map((text, i) => ({ id: 'ABCD'[i], text })), fixedOrder: false }, key: { kind: 'single_choice', correct: 'A', explanation: '' } },
    { body: { kind: 'numeric', stem: '1 byte bằng bao nhiêu bit?', unit: '' }, key: { kind: 'numeric', answers: [{ value: 8, tolerance: 0 }], explanation: '' } },
    { body: { kind: 'essay', stem: 'Trình bày vai trò của máy tính trong học tập.' }, key: { kind: 'essay', guidance: '', explanation: '' } },
  ];
  const ids: string[] = [];
  for (const question of questions) {
    const r = await teacher.json<{ question: { id: string } }>('POST', '/api/bank/questions', { subjectId, shared: false, tags, question });
    if (r.status !== 201) throw new Error(`question: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.question.id);
  }
  const classes = await teacher.json<{ classes: Array<{ classId: string; subjectId: string }> }>('GET', '/api/exams');
  const pair = classes.body.classes.find((c) => c.subjectId === subjectId)!;
  const exam = await teacher.json<{ exam: { id: string } }>('POST', '/api/exams', {
    classId: pair.classId, subjectId, title: 'Bench: kiểm tra định kỳ', mode: 'exam', opensAt: Date.now() - 1000, closesAt: Date.now() + 6 * 3_600_000, timeLimitMinutes: 600,
    attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', scheme: 'simple', questions: ids.map((questionId) => ({ questionId })),
  });
  if (exam.status !== 201) throw new Error(`exam: ${exam.status} ${JSON.stringify(exam.body)}`);
  const t1 = Date.now();
  const created = roster.body.created;
  const clients = await inBatches(created, setupConcurrency, (s) => signIn(server.baseUrl, s.code, s.initialPassword));
  log(`${clients.length} students signed in in ${Date.now() - t1} ms`);
  const attempts = await inBatches(clients, setupConcurrency * 4, async (c, i) => {
    const r = await c.json<{ attemptId: string; questions: Array<{ questionId: string; body: { kind: string } }> }>('POST', `/api/exams/${exam.body.exam.id}/start`, { clientId: `bench-tab-${i}-0000` });
    if (r.status !== 200) throw new Error(`start: ${r.status} ${JSON.stringify(r.body)}`);
    return { attemptId: r.body.attemptId, questionId: r.body.questions.find((q) => q.body.kind === 'essay')!.questionId };
  });
  return { examId: exam.body.exam.id, clients, attempts };
}

/** Every student saves their essay every `everyMs`, starting at a random offset; latencies of the acknowledged saves. */
async function run(clients: Http[], attempts: Array<{ attemptId: string; questionId: string }>): Promise<{ saves: number; lost: number; latencies: number[] }> {
  const latencies: number[] = [];
  let lost = 0;
  const end = Date.now() + runMs;
  await Promise.all(
    clients.map(async (c, i) => {
      await sleep(Math.random() * everyMs);
      for (let seq = 1; Date.now() < end; seq++) {
        const started = performance.now();
        const { attemptId, questionId } = attempts[i]!;
        const r = await c.json('PUT', `/api/exam-attempts/${attemptId}/answers/${questionId}`, { answer: { kind: 'essay', text: `Bài làm lần ${seq}: ${'máy tính giúp học tập '.repeat(10)}` }, seq, clientId: `bench-tab-${i}-0000` }).catch(() => null);
        const ms = performance.now() - started;
        if (r?.status === 200) latencies.push(ms);
        else lost++;
        await sleep(Math.max(0, everyMs - ms));
      }
    }),
  );
  return { saves: latencies.length + lost, lost, latencies };
}

let server: RunningServer | undefined;
try {
  if (v.mode !== 'exam') throw new Error('bench/quiz/exam.ts runs the exam mode only (--mode exam)');
  server = await startServer({ linkSecret: randomSecret(), log, startTimeoutMs: 60_000 });
  const { clients, attempts } = await setUp(server);
  log(`running: ${students} students, a save every ${everyMs / 1000} s for ${runMs / 1000} s`);
  const { saves, lost, latencies } = await run(clients, attempts);
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  log(`command: ${commandLine('bench/quiz/exam.ts')}`);
  process.stdout.write(`${JSON.stringify({ mode: 'exam', students, saves, lost, saveP50Ms: round(percentile(latencies, 0.5)), saveP99Ms: round(percentile(latencies, 0.99)) })}\n`);
  await server.stop(v['keep-temp'] === true);
} catch (err) {
  log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  await server?.stop(true);
  process.exitCode = 1;
}

/**
 * SIGKILL of the server in the middle of an exam (issue 7, "bad input and faults"), on SQLite
 * and on PostgreSQL: students save answers as fast as the server acknowledges them; the server
 * process is killed the moment a chosen number of saves has been acknowledged. After a restart
 * on the same data, every acknowledged answer is there and each student resumes the same
 * attempt with the same deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor, openStorage, type StorageConfigInput } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { freeMediaPort, freePort } from '../testkit/ports.js';
import { startPostgres, type TestPostgres } from '../testkit/postgres.js';
import { SINGLE, NUMERIC } from '../testkit/questions.js';
import { WORLD_PASSWORD, buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { createServices } from './services.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const STUDENTS = 3;

interface Run {
  dataDir: string;
  port: number;
  env: Record<string, string>;
  child?: ChildProcess;
  /** The worker's media port (UDP and TCP), the same across the restart. */
  mediaPort: number;
}

async function start(run: Run): Promise<void> {
  const env = {
    ...process.env,
    CLASSROOM__DATA_DIR: run.dataDir,
    CLASSROOM__HTTP__HOST: '127.0.0.1',
    CLASSROOM__HTTP__PORT: String(run.port),
    CLASSROOM__LOG__LEVEL: 'warn',
    CLASSROOM__DEMO__ENABLED: 'false',
    CLASSROOM__MEDIA__INSTANCES: '1',
    CLASSROOM__MEDIA__MEDIASOUP__LISTEN_IP: '127.0.0.1',
    CLASSROOM__MEDIA__MEDIASOUP__PORT: String(run.mediaPort),
    ...run.env,
  };
  run.child = spawn(process.execPath, ['--import', 'tsx', 'signaling/bin.ts'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (await fetch(`http://127.0.0.1:${run.port}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

async function kill(run: Run): Promise<void> {
  const c = run.child;
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

/** The school and an exam open now, made in-process on the server's storage before it starts. */
async function prepare(storageConfig: StorageConfigInput, dataDir: string): Promise<{ world: SchoolWorld; examId: string; questions: string[] }> {
  const storage = await openStorage(storageConfig, { defaultDataDir: dataDir });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  const services = createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs });
  const world = await buildSchoolWorld(services, { studentsInA: STUDENTS });
  const teacher = await loadActor(storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const put = async (q: typeof SINGLE) => (await services.questionBank.create(teacher, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: q })).question.id;
  const questions = [await put(SINGLE), await put(NUMERIC)];
  const exam = await services.exams.create(teacher, {
    classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra định kỳ', mode: 'exam', opensAt: Date.now() - 1000, closesAt: Date.now() + 3_600_000,
    timeLimitMinutes: 45, attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', scheme: 'vn2025', questions: questions.map((questionId) => ({ questionId })),
  });
  await storage.close();
  return { world, examId: exam.id, questions };
}

async function crashMidExam(storageConfig: StorageConfigInput, env: Record<string, string>): Promise<void> {
  const run: Run = { dataDir: mkdtempSync(join(tmpdir(), 'classroom-exam-crash-')), port: await freePort(), mediaPort: await freeMediaPort(), env };
  try {
    const { world, examId, questions } = await prepare(storageConfig, run.dataDir);
    await start(run);
    const base = `http://127.0.0.1:${run.port}`;
    const students = await Promise.all(world.studentsA.map(async (s, i) => ({ c: await signedIn(base, s), clientId: `crash-tab-${i}-xyz`, account: s })));
    const attempts = await Promise.all(students.map(async (s) => (await s.c.post<{ attemptId: string; deadlineAt: number }>(`/api/exams/${examId}/start`, { clientId: s.clientId })).json));
    // Each student keeps saving the numeric question with a growing seq; the last acknowledged
    // seq per student is what must survive.
    const acked = students.map(() => 0);
    let total = 0;
    let stop = false;
    const killed = new Promise<void>((resolve) => {
      const loops = students.map(async (s, i) => {
        for (let seq = 1; !stop; seq++) {
          const r = await s.c.request('PUT', `/api/exam-attempts/${attempts[i]!.attemptId}/answers/${questions[1]}`, { answer: { kind: 'numeric', text: `${seq},5` }, seq, clientId: s.clientId }).catch(() => null);
          if (!r || r.status !== 200) return;
          acked[i] = seq;
          if (++total >= 60 && !stop) {
            stop = true;
            void kill(run).then(resolve);
          }
        }
      });
      void Promise.all(loops);
    });
    await killed;
    expect(Math.min(...acked)).toBeGreaterThan(0);
    await start(run);
    for (const [i, s] of students.entries()) {
      const c = new ApiClient(base);
      await c.login(s.account.login, WORLD_PASSWORD);
      const view = (await c.get<{ attemptId: string; deadlineAt: number; status: string; answers: Array<{ questionId: string; seq: number; answer: { text: string } }> }>(`/api/exam-attempts/${attempts[i]!.attemptId}?clientId=${s.clientId}`)).json;
      expect(view).toMatchObject({ attemptId: attempts[i]!.attemptId, deadlineAt: attempts[i]!.deadlineAt, status: 'in_progress' });
      const saved = view.answers.find((a) => a.questionId === questions[1])!;
      // The acknowledged seq or a later one (a save may commit without its answer arriving).
      expect(saved.seq).toBeGreaterThanOrEqual(acked[i]!);
      expect(saved.answer.text).toBe(`${saved.seq},5`);
      // And the student carries on.
      const next = await c.request('PUT', `/api/exam-attempts/${view.attemptId}/answers/${questions[0]}`, { answer: { kind: 'single_choice', choice: 'B' }, seq: 1, clientId: s.clientId });
      expect(next.status).toBe(200);
    }
  } finally {
    await kill(run);
    rmSync(run.dataDir, { recursive: true, force: true });
  }
}

describe('SIGKILL of the server mid-exam', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('SQLite: every acknowledged answer survives and the students resume', async () => {
    await crashMidExam({}, {});
  });

  it('PostgreSQL: every acknowledged answer survives and the students resume', async () => {
    const schema = pg.newSchema();
    const storage: StorageConfigInput = { engine: 'postgres', postgres: { connectionString: pg.connectionString, schema } };
    await crashMidExam(storage, { CLASSROOM__STORAGE__ENGINE: 'postgres', CLASSROOM__STORAGE__POSTGRES__CONNECTION_STRING: pg.connectionString, CLASSROOM__STORAGE__POSTGRES__SCHEMA: schema });
  });
});

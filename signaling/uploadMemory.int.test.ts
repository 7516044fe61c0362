/**
 * Issue 8: uploads stream, so the server's memory must not grow with the bytes in flight. Sixteen
 * 4 MB uploads at once (one streaming PATCH each, sent from another process) through the real
 * server in this process; the live ArrayBuffers (measured after a full GC, every 100 ms) may grow
 * by at most 2 MB per upload in flight (measured: 1.2 MB). With whole 512 KiB uWS chunks handed down the tus
 * pipeline it was 4 MB per upload here (each stream stage holds one chunk, docs/files.md).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import type { TusLoadJob, TusLoadResult } from '../testkit/tusLoad.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

const STUDENTS = 8;
const FILES = 2;
const FILE_BYTES = 4 * 1024 * 1024;
const MAX_LIVE_GROWTH_PER_UPLOAD = 2 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer;
let world: SchoolWorld;
let assignmentId: string;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, assignments: { maxFileBytes: 8 * 1024 * 1024, maxSubmissionBytes: 64 * 1024 * 1024 } });
  world = await buildSchoolWorld(server.services, { studentsInA: STUDENTS });
  const teacher = await signedIn(server.httpUrl, world.teacherA);
  const due = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
  const r = await teacher.post<{ assignment: { id: string } }>('/api/assignments', { classId: world.classA, subjectId: world.subjectId, title: 'Ảnh vở', instructions: '', due: { date: due, time: '21:00' }, acceptLate: false });
  assignmentId = r.json.assignment.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function sendAll(jobs: TusLoadJob[]): Promise<TusLoadResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../testkit/tusLoad.ts', import.meta.url))], {
      env: { ...process.env, TUS_LOAD_JOBS: JSON.stringify(jobs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as TusLoadResult[]) : reject(new Error(`upload process exited ${code}`))));
  });
}

describe('upload memory (issue 8)', () => {
  it(`${STUDENTS * FILES} uploads of 4 MB at once: live buffers grow by at most 2 MB per upload, every file arrives`, async () => {
    const students = await Promise.all(world.studentsA.map((s) => signedIn(server.httpUrl, s)));
    const jobs = students.flatMap((s, i) => Array.from({ length: FILES }, (_, j) => ({ baseUrl: server.httpUrl, cookie: s.cookie, targetId: assignmentId, fileName: `vo-${i}-${j}.jpg`, size: FILE_BYTES })));
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 100);
    let results: TusLoadResult[];
    try {
      results = await sendAll(jobs);
    } finally {
      clearInterval(sampler);
    }
    expect(results.map((r) => r.status)).toEqual(jobs.map(() => 204));
    for (const r of results) expect(await server.services.uploads.finishedSize(new URL(r.location).pathname.split('/').pop() ?? '')).toBe(FILE_BYTES);
    const growth = peak - before;
    console.info(`upload memory: live ArrayBuffers +${(growth / 1048576).toFixed(1)} MB for ${jobs.length} uploads in flight`);
    expect(growth).toBeLessThan(jobs.length * MAX_LIVE_GROWTH_PER_UPLOAD);
  });
});

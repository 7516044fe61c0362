/**
 * SIGKILL of the whole server (issue 8, "bad input and faults"): in the middle of an upload and
 * right after a grade was acknowledged. After a restart on the same data folder, nothing
 * acknowledged is lost, the upload resumes from what reached the disk, and no half file was
 * ever served as complete.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JPEG_1PX } from '../testkit/sampleFiles.js';
import { openStorage } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { schoolDate } from '../testkit/assignmentSetup.js';
import { freeMediaPort, freePort } from '../testkit/ports.js';
import { WORLD_PASSWORD, buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { tusCreate, tusOffset, tusPatch, uploadId } from '../testkit/tusRaw.js';
import { createServices } from './services.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'classroom-crash-'));
let port: number;
/** The worker's media port (UDP and TCP), the same across the restart. */
let mediaPort: number;
let child: ChildProcess | undefined;
let world: SchoolWorld;

async function startChild(): Promise<void> {
  const env = {
    ...process.env,
    CLASSROOM__DATA_DIR: dataDir,
    CLASSROOM__HTTP__HOST: '127.0.0.1',
    CLASSROOM__HTTP__PORT: String(port),
    CLASSROOM__LOG__LEVEL: 'warn',
    CLASSROOM__DEMO__ENABLED: 'false',
    CLASSROOM__MEDIA__INSTANCES: '1',
    CLASSROOM__MEDIA__MEDIASOUP__LISTEN_IP: '127.0.0.1',
    CLASSROOM__MEDIA__MEDIASOUP__PORT: String(mediaPort),
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'signaling/bin.ts'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

async function killChild(): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

/** Complete blobs on disk (temporary files excluded). */
function blobFiles(): string[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (n === '.tmp' ? [] : statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  try {
    return walk(join(dataDir, 'blobs'));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  port = await freePort();
  mediaPort = await freeMediaPort();
  // The school is made in-process on the same data folder, then the server process opens it.
  const storage = await openStorage({}, { defaultDataDir: dataDir });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: 1 });
  await storage.close();
  await startChild();
}, 120_000);

afterAll(async () => {
  await killChild();
  rmSync(dataDir, { recursive: true, force: true });
});

async function login(account: SchoolWorld['teacherA'], first: boolean): Promise<ApiClient> {
  if (first) return signedIn(`http://127.0.0.1:${port}`, account);
  const c = new ApiClient(`http://127.0.0.1:${port}`);
  await c.login(account.login, WORLD_PASSWORD);
  return c;
}

describe('SIGKILL of the server', () => {
  it('during an upload: the upload resumes after the restart, and no half file is ever stored as complete', async () => {
    const teacher = await login(world.teacherA, true);
    const student = await login(world.studentsA[0]!, true);
    const created = await teacher.post<{ assignment: { id: string } }>('/api/assignments', {
      classId: world.classA, subjectId: world.subjectId, title: 'Bài tập', instructions: '', due: { date: schoolDate(2), time: '21:00' }, acceptLate: false,
    });
    const assignmentId = created.json.assignment.id;
    const bytes = Buffer.concat([JPEG_1PX.subarray(0, JPEG_1PX.length - 2), Buffer.alloc(8 * 1024 * 1024 - JPEG_1PX.length, 3), Buffer.from([0xff, 0xd9])]);
    const c = await tusCreate(student, { filename: 'anh.jpg', purpose: 'submission', targetId: assignmentId }, bytes.length);
    expect(c.status).toBe(201);
    // Send half, then the server dies while the client is still sending.
    const patching = tusPatch(student, c.location, 0, bytes, { cutAfter: 4 * 1024 * 1024 });
    await new Promise((r) => setTimeout(r, 100));
    await killChild();
    await patching;
    expect(blobFiles()).toEqual([]);

    await startChild();
    const head = await tusOffset(student, c.location);
    expect(head.status).toBe(200);
    expect(head.offset).toBeLessThanOrEqual(4 * 1024 * 1024);
    const rest = await tusPatch(student, c.location, head.offset, bytes.subarray(head.offset));
    expect(rest.status).toBe(204);
    const handIn = await student.post<{ submission: { files: Array<{ sha256: string; url: string }> } }>(`/api/assignments/${assignmentId}/submissions`, { text: '', fileIds: [uploadId(c.location)] });
    expect(handIn.status).toBe(201);
    expect(handIn.json.submission.files[0]!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(blobFiles()).toHaveLength(1);
  }, 120_000);

  it('right after a grade was acknowledged: the grade is there after the restart', async () => {
    const teacher = await login(world.teacherA, false);
    const list = await teacher.get<{ assignments: Array<{ id: string }> }>(`/api/assignments?classId=${world.classA}&subjectId=${world.subjectId}`);
    const assignmentId = list.json.assignments[0]!.id;
    const studentId = world.studentsA[0]!.userId;
    const saved = await teacher.request<{ grade: { revision: number } }>('PUT', `/api/assignments/${assignmentId}/grades/${studentId}`, { score: '9,5', feedback: 'Rất tốt', expectedRevision: 0 });
    expect(saved.status).toBe(200);
    await killChild();
    await startChild();
    const again = await login(world.teacherA, false);
    const work = await again.get<{ grade: { scoreTenths: number; feedback: string; revision: number } }>(`/api/assignments/${assignmentId}/submissions/${studentId}`);
    expect(work.json.grade).toMatchObject({ scoreTenths: 95, feedback: 'Rất tốt', revision: saved.json.grade.revision });
  }, 120_000);
});

/**
 * Resumable uploads (tus) and hand-ins through the real server: the protocol by hand for every
 * bad case of issue 8 (2 GB declared, lying extension, path in the name, truncated upload,
 * dropped connection resumed, hand-in after the lock), tus-js-client for the happy path, the
 * download with its headers and the zip of all work read back with yauzl.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { CFB_HEADER, EXE_STUB, JPEG_1PX, PDF_SMALL } from '../testkit/sampleFiles.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { tusCreate, tusOffset, tusPatch, uploadId, uploadWithTusJs } from '../testkit/tusRaw.js';

let server: TestServer;
let world: SchoolWorld;
let teacher: ApiClient;
let student: ApiClient;
let classmate: ApiClient;
let assignmentId: string;

const day = (offset: number) => new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A big "photo": a JPEG header, then bytes (content checks read the opening bytes). */
const bigJpeg = (n: number) => Buffer.concat([JPEG_1PX.subarray(0, JPEG_1PX.length - 2), Buffer.alloc(n - JPEG_1PX.length, 7), Buffer.from([0xff, 0xd9])]);

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, assignments: { maxFileBytes: 8 * 1024 * 1024, maxSubmissionBytes: 12 * 1024 * 1024 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  teacher = await signedIn(server.httpUrl, world.teacherA);
  student = await signedIn(server.httpUrl, world.studentsA[0]!);
  classmate = await signedIn(server.httpUrl, world.studentsA[1]!);
  const r = await teacher.post<{ assignment: { id: string } }>('/api/assignments', {
    classId: world.classA, subjectId: world.subjectId, title: 'Bài tập về nhà', instructions: 'Chụp vở gửi cô', due: { date: day(2), time: '21:00' }, acceptLate: false,
  });
  expect(r.status).toBe(201);
  assignmentId = r.json.assignment.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const meta = (filename: string) => ({ filename, purpose: 'submission', targetId: assignmentId });

describe('uploads', () => {
  it('tus-js-client uploads a photo; the student hands it in with text; the teacher downloads it', async () => {
    const photo = bigJpeg(300_000);
    const id = await uploadWithTusJs(student, photo, meta('Ảnh vở trang 1.jpg'), 64 * 1024);
    const handIn = await student.post<{ submission: { version: number; files: Array<{ url: string; sha256: string }> } }>(`/api/assignments/${assignmentId}/submissions`, { text: 'Em nộp bài ạ', fileIds: [id] });
    expect(handIn.status).toBe(201);
    expect(handIn.json.submission.version).toBe(1);
    expect(handIn.json.submission.files[0]!.sha256).toBe(sha(photo));
    const file = await teacher.get(handIn.json.submission.files[0]!.url);
    expect(file.status).toBe(200);
    expect(sha(file.bytes)).toBe(sha(photo));
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''%E1%BA%A2nh%20v%E1%BB%9F");
    expect((await classmate.get(handIn.json.submission.files[0]!.url)).status).toBe(404);
  });

  it('refuses a declared 2 GB file before any byte is sent, and stores nothing', async () => {
    const before = await server.services.storage.uploads.pendingBytes(world.studentsA[0]!.userId, assignmentId, 0);
    const r = await tusCreate(student, meta('phim.mp4'), 2 * 1024 ** 3);
    expect(r.status).toBe(413);
    expect(r.location).toBe('');
    expect(await server.services.storage.uploads.pendingBytes(world.studentsA[0]!.userId, assignmentId, 0)).toBe(before);
  });

  it('refuses a name with path separators with a clear error', async () => {
    const r = await tusCreate(student, meta('../../etc/passwd.jpg'), 100);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'BAD_REQUEST', details: { reason: 'file_name' } } });
  });

  it('refuses a lying extension on its opening bytes; the upload is gone', async () => {
    const bytes = Buffer.concat([EXE_STUB, Buffer.alloc(20_000)]);
    const c = await tusCreate(student, meta('bai-lam.pdf'), bytes.length);
    expect(c.status).toBe(201);
    const p = await tusPatch(student, c.location, 0, bytes);
    expect(p.status).toBe(400);
    expect(JSON.parse(p.body)).toMatchObject({ error: { details: { reason: 'file_type' } } });
    expect((await tusOffset(student, c.location)).status).toBe(404);
  });

  it('resumes after a dropped connection without sending the start again', async () => {
    const bytes = bigJpeg(3 * 1024 * 1024);
    const c = await tusCreate(student, meta('anh-lon.jpg'), bytes.length);
    await tusPatch(student, c.location, 0, bytes, { cutAfter: 1024 * 1024 });
    let offset = 0;
    for (let i = 0; i < 50 && offset === 0; i++) {
      const head = await tusOffset(student, c.location);
      if (head.status === 200) offset = head.offset;
      if (offset === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(bytes.length);
    const rest = await tusPatch(student, c.location, offset, bytes.subarray(offset));
    expect(rest.status).toBe(204);
    expect(rest.headers['upload-offset']).toBe(String(bytes.length));
    const stored = await server.services.storage.uploads.get(uploadId(c.location));
    expect(stored).toMatchObject({ size: bytes.length, sha256: sha(bytes) });
    // A retried last request (its answer lost) sees the upload complete.
    expect(await tusOffset(student, c.location)).toMatchObject({ status: 200, offset: bytes.length, length: bytes.length });
  });

  it('a truncated upload cannot be handed in; someone else cannot continue it', async () => {
    const c = await tusCreate(student, meta('de-do.doc'), 200_000);
    await tusPatch(student, c.location, 0, Buffer.concat([CFB_HEADER, Buffer.alloc(50_000)]), { declaredLength: 200_000, cutAfter: 40_000 });
    const r = await student.post(`/api/assignments/${assignmentId}/submissions`, { text: '', fileIds: [uploadId(c.location)] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { details: { reason: 'file_unfinished' } } });
    expect((await tusOffset(classmate, c.location)).status).toBe(404);
    expect((await tusOffset(teacher, c.location)).status).toBe(404);
  });

  it('refuses a body longer than the declared size while streaming', async () => {
    const c = await tusCreate(student, meta('x.pdf'), PDF_SMALL.length);
    const p = await tusPatch(student, c.location, 0, Buffer.concat([PDF_SMALL, Buffer.alloc(5000)]));
    expect(p.status).toBeGreaterThanOrEqual(400);
    expect(await server.services.storage.uploads.get(uploadId(c.location))).toMatchObject({ blobKey: null });
  });

  it('needs a session, and refuses another site', async () => {
    const anonymous = { ...student, cookie: '' } as ApiClient;
    expect((await tusCreate(anonymous, meta('a.jpg'), 10)).status).toBe(401);
    expect((await tusCreate(student, meta('a.jpg'), 10, { origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('hand-in, lock and the zip of all work', () => {
  it('refuses work after the lock with CONFLICT, stores no new version', async () => {
    const past = await teacher.post<{ assignment: { id: string } }>('/api/assignments', {
      classId: world.classA, subjectId: world.subjectId, title: 'Đã hết hạn', instructions: '', open: { date: day(-3), time: '07:00' }, due: { date: day(-1), time: '07:00' }, acceptLate: false,
    });
    const r = await student.post(`/api/assignments/${past.json.assignment.id}/submissions`, { text: 'muộn', fileIds: [] });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ error: { code: 'CONFLICT', details: { reason: 'locked' } } });
    expect((await tusCreate(student, { filename: 'a.jpg', purpose: 'submission', targetId: past.json.assignment.id }, 100)).status).toBe(409);
  });

  it('streams every student’s latest work as one zip with a known size, named by student', async () => {
    const r = await teacher.get(`/api/assignments/${assignmentId}/download.zip`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe(String(r.bytes.length));
    const names = await new Promise<string[]>((resolve, reject) => {
      yauzl.fromBuffer(r.bytes, { lazyEntries: true }, (err, zip) => {
        if (err || !zip) return reject(err);
        const out: string[] = [];
        zip.on('entry', (e: yauzl.Entry) => {
          out.push(e.fileName);
          zip.readEntry();
        });
        zip.on('end', () => resolve(out));
        zip.readEntry();
      });
    });
    expect(names).toEqual([`01 ${world.studentsA[0]!.displayName} (${world.studentsA[0]!.login})/bai-lam.txt`, `01 ${world.studentsA[0]!.displayName} (${world.studentsA[0]!.login})/Ảnh vở trang 1.jpg`]);
    expect((await student.get(`/api/assignments/${assignmentId}/download.zip`)).status).toBe(403);
  });
});

describe('hand-in answers', () => {
  it('a hand-in answers its files in the order the student gave them', async () => {
    const a = bigJpeg(40_000);
    const b = bigJpeg(50_000);
    const [idA, idB] = [await uploadWithTusJs(student, a, meta('a.jpg')), await uploadWithTusJs(student, b, meta('b.jpg'))];
    for (const order of [[idB, idA], [idA, idB]]) {
      const r = await student.post<{ submission: { files: Array<{ id: string }> } }>(`/api/assignments/${assignmentId}/submissions`, { text: '', fileIds: order });
      expect(r.json.submission.files.map((f) => f.id)).toEqual(order);
    }
  });
});

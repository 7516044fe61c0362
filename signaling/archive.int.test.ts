/**
 * The archive of teaching records through the real server (issue 9, R17): a bundle of a class
 * built in the background from a school with a held lesson, attendance, chat, an exam, a graded
 * assignment and a recording; downloaded whole and resumed with Range, unzipped, every file
 * checked against manifest.json; then retention: the dry run deletes nothing, the confirmation
 * deletes exactly the expired, un-held items (files and rows), each deletion audited.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { loadActor, type Lesson, type StoredRecording } from '../classroom/index.js';
import { archiveHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { setUpAssignment } from '../testkit/assignmentSetup.js';
import { waitFor } from '../testkit/lessonBot.js';
import { SINGLE } from '../testkit/questions.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

const DAY = 86_400_000;
let server: TestServer;
let world: SchoolWorld;
let admin: ApiClient;
let teacher: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  admin = await signedIn(server.httpUrl, world.admin);
  teacher = await signedIn(server.httpUrl, world.teacherA);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** A real 1-second H.264/AAC MP4 (Debian's ffmpeg), stored as a recording's video. */
function tinyMp4(): Buffer {
  const file = join(server.config.dataDir, `tiny-${Date.now()}.mp4`);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:v', 'libx264', '-c:a', 'aac', '-shortest', '-y', file]);
  return readFileSync(file);
}

/** A stopped recording of `lessonId` started at `startedAt`, with its MP4 and a segment folder on disk. */
async function recording(lessonId: string, startedAt: number, video: Buffer): Promise<StoredRecording> {
  const blob = await server.services.blobs.put(Readable.from([video]), { area: 'recordings', maxBytes: 10 * 1024 * 1024, contentType: 'video/mp4' });
  const id = `rec_${Math.random().toString(36).slice(2, 12)}`;
  const r: StoredRecording = { id, lessonId, startedBy: world.teacherA.userId, state: 'stopped', failure: null, directory: id, startedAt, stoppedAt: startedAt + 60_000, published: false, hold: false, videoBlob: blob.key, durationMs: 1000 };
  await server.services.storage.recordings.createRecording(r);
  await server.services.storage.recordings.saveSegment({ recordingId: id, id: 'seg1', peerId: 'p1', label: 'camera', kind: 'video', file: 'seg1.mkv', startedAt, endedAt: startedAt + 60_000, bytes: 4 });
  mkdirSync(join(recordingsDir(), id), { recursive: true });
  writeFileSync(join(recordingsDir(), id, 'seg1.mkv'), 'mkv!');
  return r;
}

const recordingsDir = () => join(server.config.dataDir, 'recordings');

/** A past lesson of 8A written as the timetable stores it (the service schedules only ahead). */
async function pastLesson(startedAt: number, title: string): Promise<Lesson> {
  const lesson: Lesson = {
    id: `les_${Math.random().toString(36).slice(2, 12)}`, schoolId: world.schoolId, classId: world.classA, subjectId: world.subjectId, teacherId: world.teacherA.userId, title,
    scheduledStart: startedAt, scheduledEnd: startedAt + 45 * 60_000, startedAt, endedAt: startedAt + 45 * 60_000, cancelledAt: null, passwordHash: null, createdAt: startedAt - DAY,
  };
  await server.services.storage.lessons.create(lesson);
  await attend(lesson.id, world.studentsA[0]!.userId, startedAt);
  return lesson;
}

/** A join, a chat message and a leave, `stepMs` apart from `at`. */
async function attend(lessonId: string, userId: string, at: number, stepMs = 60_000): Promise<void> {
  const a = server.services.storage.attendance;
  await a.append({ lessonId, userId, kind: 'join', at });
  await a.append({ lessonId, userId, kind: 'chat_message', at: at + stepMs });
  await a.append({ lessonId, userId, kind: 'leave', reason: 'lesson_ended', at: at + 2 * stepMs });
}

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          buffer(stream).then((b) => (out.set(entry.fileName, b), file.readEntry()), reject);
        });
      });
      file.on('end', () => resolve(out));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const rows = (b: Buffer) => parse(b.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;

describe('the archive bundle of a class', () => {
  it('is built in the background; every file matches manifest.json; the CSVs hold the lessons, attendance, chat and results; the download resumes', async () => {
    const [s0, s1] = [world.studentsA[0]!, world.studentsA[1]!];
    const lesson = world.lessonA;
    // The lesson runs now: what happened in it is in the past of its end.
    await attend(lesson.id, s0.userId, Date.now() - 30, 10);
    await server.services.storage.lessons.markEnded(lesson.id, Date.now());
    const video = tinyMp4();
    const rec = await recording(lesson.id, Date.now() - 60_000, video);
    // A message kept with the recording (sent while it recorded): its words go with the recording.
    await server.services.storage.recordedChat.add({ recordingId: rec.id, userId: s0.userId, displayName: s0.displayName, text: '=1+1 em hỏi ạ', sentAt: Date.now() - 30_000 });

    // An exam that student 0 takes and submits (the right answer, B).
    const teacherActor = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
    const q = (await server.services.questionBank.create(teacherActor, { subjectId: world.subjectId, shared: false, tags: { gradeLevel: 8, topic: null, level: null }, question: SINGLE })).question.id;
    const exam = await server.services.exams.create(teacherActor, {
      classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra 15 phút', mode: 'quiz', opensAt: Date.now() - 60_000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 15,
      attemptsAllowed: 1, shuffleQuestions: false, shuffleOptions: false, releasePolicy: 'immediately', scheme: 'simple', questions: [{ questionId: q }],
    });
    const student = await signedIn(server.httpUrl, s0);
    const attempt = (await student.post<{ attemptId: string }>(`/api/exams/${exam.id}/start`, { clientId: 'archive-tab-1' })).json.attemptId;
    const answered = await student.request('PUT', `/api/exam-attempts/${attempt}/answers/${q}`, { answer: { kind: 'single_choice', choice: 'B' }, seq: 1, clientId: 'archive-tab-1' });
    expect(answered.status, answered.text).toBe(200);
    expect((await student.post(`/api/exam-attempts/${attempt}/submit`, { clientId: 'archive-tab-1' })).status).toBe(200);
    // An assignment handed in by student 0, graded 8,5 and returned.
    const hw = await setUpAssignment(world, teacher, student);
    expect((await teacher.request('PUT', `/api/assignments/${hw.assignmentId}/grades/${s0.userId}`, { score: '8,5', feedback: 'Tốt', expectedRevision: 0 })).status).toBe(200);
    expect((await teacher.post(`/api/assignments/${hw.assignmentId}/grades/${s0.userId}/return`, { expectedRevision: 1 })).status).toBe(200);

    const period = { classId: world.classA, from: Date.now() - DAY, to: Date.now() + DAY, label: 'Học kì I' };
    expect((await teacher.post('/api/archive/bundles', period)).status).toBe(403);
    expect((await admin.post('/api/archive/bundles', { ...period, to: period.from })).status).toBe(400);
    expect((await admin.post('/api/archive/bundles', { ...period, classId: 'cls_nope' })).status).toBe(404);
    const asked = await admin.post<{ bundle: archiveHttp.BundleViewJson }>('/api/archive/bundles', period);
    expect(asked.status, asked.text).toBe(202);
    const id = asked.json.bundle.id;
    const done = await waitFor('the bundle', async () => {
      const list = archiveHttp.bundleList.parse((await admin.get('/api/archive/bundles')).json);
      const b = list.bundles.find((x) => x.id === id);
      if (b?.state === 'failed') throw new Error(`bundle failed: ${b.error}`);
      return b?.state === 'done' ? b : undefined;
    }, 60_000);
    expect(done).toMatchObject({ progress: 1, className: '8A', label: 'Học kì I' });

    const whole = await admin.get(`/api/archive/bundles/${id}/download`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.length).toBe(done.bytes);
    // A download broken at 1000 bytes resumes from there.
    const rest = await fetch(`${server.httpUrl}/api/archive/bundles/${id}/download`, { headers: { cookie: admin.cookie, range: 'bytes=1000-' } });
    expect(rest.status).toBe(206);
    expect(Buffer.concat([whole.bytes.subarray(0, 1000), Buffer.from(await rest.arrayBuffer())]).equals(whole.bytes)).toBe(true);

    const files = await unzip(whole.bytes);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { format: string; files: Array<{ path: string; bytes: number; sha256: string }> };
    // The progress counted every byte of every file that went in (recordings by their size, CSVs as made).
    expect(done.doneBytes).toBe(manifest.files.reduce((sum, f) => sum + f.bytes, 0));
    expect([done.totalBytes, done.etaMs]).toEqual([done.doneBytes, null]);
    expect(manifest.format).toBe('lophoc-archive/1');
    expect([...files.keys()].filter((k) => k !== 'manifest.json').sort()).toEqual(manifest.files.map((f) => f.path).sort());
    for (const f of manifest.files) {
      expect(sha256(files.get(f.path)!), f.path).toBe(f.sha256);
      expect(files.get(f.path)!.length, f.path).toBe(f.bytes);
    }
    const day = new Date(lesson.scheduledStart + 7 * 3_600_000).toISOString().slice(0, 10);
    const prefix = `${day}_${lesson.id}`;
    expect(files.get(`ghi-hinh/${prefix}_${rec.id}.mp4`)!.equals(video)).toBe(true);

    expect(rows(files.get('buoi-hoc.csv')!)).toEqual([expect.objectContaining({ 'Mã buổi học': lesson.id, 'Nội dung': lesson.title, 'Giáo viên': 'Trần Thu Hà', Môn: 'Toán', 'Trạng thái': 'Đã kết thúc', 'Số bản ghi hình': '1' })]);
    const attendance = rows(files.get(`diem-danh/${prefix}.csv`)!);
    const byName = new Map(attendance.map((r) => [r['Họ và tên'], [r['Có mặt'], r['Số tin nhắn']]]));
    expect(Object.fromEntries(byName)).toEqual({ [s0.displayName]: ['Có', '1'], [s1.displayName]: ['Vắng', '0'] });
    expect(rows(files.get(`tro-chuyen/${prefix}.csv`)!).map((r) => r['Người gửi'])).toEqual([s0.displayName]);
    // Formula-guarded like every CSV: the leading "=" does not run in Excel.
    expect(rows(files.get(`ghi-hinh/${prefix}_${rec.id}_tro-chuyen.csv`)!).map((r) => [r['Người gửi'], r['Nội dung']])).toEqual([[s0.displayName, "'=1+1 em hỏi ạ"]]);
    expect(rows(files.get('ket-qua-kiem-tra.csv')!)).toEqual([expect.objectContaining({ 'Bài kiểm tra': 'Kiểm tra 15 phút', 'Học sinh': s0.displayName, Điểm: '1', 'Điểm tối đa': '1' })]);
    expect(rows(files.get('ket-qua-bai-tap.csv')!)).toEqual([expect.objectContaining({ 'Bài tập': 'Bài tập tuần 1', 'Học sinh': s0.displayName, Điểm: '8.5', 'Đã trả bài': 'Có' })]);

    // The attendance went out through the attendance service's export, and the download is audited.
    const audit = await server.services.storage.personalDataAudit.forSchool(world.schoolId);
    expect(audit.filter((e) => e.actorId === world.admin.userId).map((e) => `${e.action} ${e.resource}`)).toEqual(expect.arrayContaining([`export attendance:lesson:${lesson.id}`, `export archive:${id}`]));
  }, 120_000);
});

describe('retention', () => {
  it('settings are validated; the dry run deletes nothing; the confirmation deletes exactly the expired, un-held items, each audited', async () => {
    expect((await teacher.request('PUT', '/api/archive/settings', { recordingRetentionDays: 30, lessonDataRetentionDays: 60, autoRecord: false })).status).toBe(403);
    expect((await admin.request('PUT', '/api/archive/settings', { recordingRetentionDays: -1, lessonDataRetentionDays: 60, autoRecord: false })).status).toBe(400);
    expect((await admin.request('PUT', '/api/archive/settings', { recordingRetentionDays: 90, lessonDataRetentionDays: 60, autoRecord: false })).status).toBe(400);
    expect((await admin.request('PUT', '/api/archive/settings', { recordingRetentionDays: 30, lessonDataRetentionDays: 60, autoRecord: false, extra: 1 })).status).toBe(400);
    const saved = await admin.request('PUT', '/api/archive/settings', { recordingRetentionDays: 30, lessonDataRetentionDays: 60, autoRecord: false });
    expect(saved.status, saved.text).toBe(200);
    expect((await admin.get('/api/archive/settings')).json).toEqual({ recordingRetentionDays: 30, lessonDataRetentionDays: 60, autoRecord: false });

    const video = tinyMp4();
    const old = await pastLesson(Date.now() - 100 * DAY, 'Bài cũ');
    const oldHeld = await pastLesson(Date.now() - 100 * DAY + 3_600_000, 'Bài cũ giữ lại');
    const recent = await pastLesson(Date.now() - 10 * DAY, 'Bài gần đây');
    const expired = await recording(old.id, old.scheduledStart, video);
    const heldRecording = await recording(old.id, old.scheduledStart + 1000, video);
    const inHeldLesson = await recording(oldHeld.id, oldHeld.scheduledStart, video);
    const young = await recording(recent.id, recent.scheduledStart, video);
    expect((await admin.request('PUT', `/api/archive/holds/recordings/${heldRecording.id}`, { hold: true })).status).toBe(204);
    expect((await admin.request('PUT', `/api/archive/holds/lessons/${oldHeld.id}`, { hold: true })).status).toBe(204);
    // The recordings page shows the hold, and offers it to the admin only.
    const listed = await admin.get<{ canHold: boolean; recordings: Array<{ id: string; hold: boolean }> }>(`/api/lessons/${old.id}/recordings`);
    expect(listed.json.canHold).toBe(true);
    expect(Object.fromEntries(listed.json.recordings.map((r) => [r.id, r.hold]))).toEqual({ [expired.id]: false, [heldRecording.id]: true });
    expect((await teacher.get<{ canHold: boolean }>(`/api/lessons/${old.id}/recordings`)).json.canHold).toBe(false);

    const plan = archiveHttp.retentionPlan.parse((await admin.get('/api/archive/retention')).json);
    expect(plan.recordings.map((r) => r.id)).toEqual([expired.id]);
    expect(plan.lessons.map((l) => l.lessonId)).toEqual([old.id]);
    // The dry run deleted nothing.
    const recs = server.services.storage.recordings;
    expect(await recs.recording(expired.id)).toBeDefined();
    expect(await server.services.blobs.stat(expired.videoBlob!)).toBeDefined();
    expect(existsSync(join(recordingsDir(), expired.directory))).toBe(true);
    expect(await server.services.storage.attendance.eventsForLesson(old.id)).toHaveLength(3);

    // An id the dry run did not show (the young recording) is not deleted by naming it.
    const confirmed = await admin.post('/api/archive/retention', { recordingIds: [...plan.recordings.map((r) => r.id), young.id], lessonIds: plan.lessons.map((l) => l.lessonId) });
    expect(confirmed.json).toEqual({ recordings: 1, lessons: 1 });
    expect(await recs.recording(expired.id)).toBeUndefined();
    expect(await recs.segments(expired.id)).toEqual([]);
    expect(await server.services.blobs.stat(expired.videoBlob!)).toBeUndefined();
    expect(existsSync(join(recordingsDir(), expired.directory))).toBe(false);
    expect(await server.services.storage.attendance.eventsForLesson(old.id)).toEqual([]);
    for (const kept of [heldRecording, inHeldLesson, young]) {
      expect(await recs.recording(kept.id), kept.id).toBeDefined();
      expect(await server.services.blobs.stat(kept.videoBlob!)).toBeDefined();
      expect(existsSync(join(recordingsDir(), kept.directory))).toBe(true);
    }
    expect(await server.services.storage.attendance.eventsForLesson(oldHeld.id)).toHaveLength(3);
    expect(await server.services.storage.attendance.eventsForLesson(recent.id)).toHaveLength(3);
    expect(await server.services.storage.lessons.get(old.id)).toBeDefined();

    const audit = await server.services.storage.personalDataAudit.forSchool(world.schoolId);
    expect(audit.filter((e) => e.action === 'delete').map((e) => `${e.actorId} ${e.resource}`).sort()).toEqual([`${world.admin.userId} lesson-data:${old.id}`, `${world.admin.userId} recording:${expired.id}`].sort());

    // The daily sweep finds nothing more; releasing the hold lets it delete the held recording.
    expect(await server.services.retention.sweep(world.schoolId)).toEqual({ recordings: 0, lessons: 0 });
    expect((await admin.request('PUT', `/api/archive/holds/recordings/${heldRecording.id}`, { hold: false })).status).toBe(204);
    expect(await server.services.retention.sweep(world.schoolId)).toEqual({ recordings: 1, lessons: 0 });
    expect(await recs.recording(heldRecording.id)).toBeUndefined();
  }, 120_000);

  it('"record every lesson" is told to a student on the join page before entering (R21)', async () => {
    const student = await signedIn(server.httpUrl, world.studentsA[1]!);
    const status = () => student.get(`/api/lessons/${world.lessonA.id}/recording-status`);
    expect((await status()).json).toEqual({ recording: false, autoRecord: false });
    expect((await admin.request('PUT', '/api/archive/settings', { recordingRetentionDays: 30, lessonDataRetentionDays: 60, autoRecord: true })).status).toBe(200);
    expect((await status()).json).toEqual({ recording: false, autoRecord: true });
  });
});

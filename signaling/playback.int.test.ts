/**
 * The playback timeline of a recording through the real server (issue 9): the lesson's events
 * while it was recorded (joins, leaves, a hand, a screen share, a main-room quick question, the
 * chat kept with the recording) placed on the video in order, nothing from before the recording
 * or from a breakout group, no answer key; who may read it (the lesson's teacher, the admin, the
 * principal, the class once published; 404 for everyone else); the principal's archive access.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredLiveQuiz } from '../classroom/index.js';
import { archiveHttp, playbackHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
const as = {} as Record<'admin' | 'teacherA' | 'teacherB' | 'studentA' | 'studentB' | 'parentA', ApiClient>;
/** The recording's start; its first segment (the video's first frame) 200 ms later. */
const T0 = Date.parse('2026-11-23T01:00:00Z');
const ORIGIN = T0 + 200;
const REC = 'rec_playback';

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  as.admin = await signedIn(server.httpUrl, world.admin);
  as.teacherA = await signedIn(server.httpUrl, world.teacherA);
  as.teacherB = await signedIn(server.httpUrl, world.teacherB);
  as.studentA = await signedIn(server.httpUrl, world.studentsA[0]!);
  as.studentB = await signedIn(server.httpUrl, world.studentB);
  as.parentA = await signedIn(server.httpUrl, world.parentA);
  const s = server.services.storage;
  const lessonId = world.lessonA.id;
  const blob = await server.services.blobs.put(Readable.from([Buffer.from('video')]), { area: 'recordings', maxBytes: 1024, contentType: 'video/mp4' });
  await s.recordings.createRecording({ id: REC, lessonId, startedBy: world.teacherA.userId, state: 'stopped', failure: null, directory: REC, startedAt: T0, stoppedAt: T0 + 120_000, published: false, hold: false, videoBlob: blob.key, durationMs: 119_800 });
  await s.recordings.saveSegment({ recordingId: REC, id: 's2', peerId: 'p_t', label: 'screen', kind: 'video', file: 's2.mkv', startedAt: T0 + 10_100, endedAt: T0 + 20_000, bytes: 9 });
  await s.recordings.saveSegment({ recordingId: REC, id: 's1', peerId: 'p_t', label: 'camera', kind: 'video', file: 's1.mkv', startedAt: ORIGIN, endedAt: T0 + 120_000, bytes: 9 });
  const student = world.studentsA[0]!.userId;
  const teacher = world.teacherA.userId;
  await s.attendance.appendMany([
    { lessonId, userId: teacher, kind: 'join', at: T0 - 60_000 }, // before the recording: not on its timeline
    { lessonId, userId: student, kind: 'join', at: ORIGIN + 1_000 },
    { lessonId, userId: student, kind: 'hand_raised', at: ORIGIN + 5_000 },
    { lessonId, userId: teacher, kind: 'screen_on', at: ORIGIN + 10_000 },
    { lessonId, userId: student, kind: 'chat_message', at: ORIGIN + 12_000 }, // its text is the kept message below
    { lessonId, userId: teacher, kind: 'screen_off', at: ORIGIN + 20_000 },
    { lessonId, userId: student, kind: 'leave', reason: 'left', at: ORIGIN + 30_000 },
    { lessonId, userId: student, kind: 'join', at: T0 + 200_000 }, // after the video: not on it
  ]);
  const quiz = (id: string, targetGroupId: string, startedAt: number): StoredLiveQuiz => ({
    id, lessonId, teacherId: teacher, targetGroupId, ref: null, startedAt, closesAt: startedAt + 30_000, closedAt: startedAt + 8_000, revealedAt: null, endedAt: null,
    body: { kind: 'single_choice', stem: 'Nghiệm của $2x = 4$ là?', options: [{ id: 'A', text: '2' }, { id: 'B', text: '4' }], fixedOrder: true },
    key: { kind: 'single_choice', correct: 'A', explanation: 'LỜI GIẢI BÍ MẬT' },
  });
  await s.liveQuiz.saveQuiz(quiz('lq_main', '', ORIGIN + 15_000));
  await s.liveQuiz.saveQuiz(quiz('lq_group', 'g_1', ORIGIN + 16_000)); // a breakout group's: not recorded
  await s.recordedChat.add({ recordingId: REC, userId: student, displayName: world.studentsA[0]!.displayName, text: 'Em xin phát biểu ạ', sentAt: ORIGIN + 12_000 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const timeline = async (who: keyof typeof as) => {
  const r = await as[who].get(`/api/recordings/${REC}/timeline`);
  return { status: r.status, body: r.status === 200 ? playbackHttp.timeline.parse(r.json) : undefined, raw: JSON.stringify(r.json) };
};

describe('playback timeline (issue 9)', () => {
  it('lists what happened while recording, in order, placed on the video; chat with its words; no key, nothing outside the video', async () => {
    const { status, body, raw } = await timeline('teacherA');
    expect(status).toBe(200);
    const studentName = world.studentsA[0]!.displayName;
    const teacherName = world.teacherA.displayName;
    expect(body!.items.map((i) => [i.offsetMs, i.kind, i.who, i.text])).toEqual([
      [1_000, 'join', studentName, null],
      [5_000, 'hand', studentName, null],
      [10_000, 'share_start', teacherName, null],
      [12_000, 'chat', studentName, 'Em xin phát biểu ạ'],
      [15_000, 'quiz_open', null, 'Nghiệm của $2x = 4$ là?'],
      [20_000, 'share_end', teacherName, null],
      [23_000, 'quiz_close', null, 'Nghiệm của $2x = 4$ là?'],
      [30_000, 'leave', studentName, null],
    ]);
    expect(body).toMatchObject({ recordingId: REC, lessonId: world.lessonA.id, startedAt: ORIGIN, durationMs: 119_800 });
    expect(raw).not.toContain('BÍ MẬT');
  });

  it('the lesson teacher and the admin read it; the class only once published; everyone else gets 404', async () => {
    const statuses = async () => Object.fromEntries(await Promise.all((Object.keys(as) as Array<keyof typeof as>).map(async (w) => [w, (await timeline(w)).status])));
    expect(await statuses()).toEqual({ admin: 200, teacherA: 200, teacherB: 404, studentA: 404, studentB: 404, parentA: 404 });
    expect((await as.teacherA.post(`/api/recordings/${REC}/publish`, { published: true })).status).toBe(200);
    expect(await statuses()).toEqual({ admin: 200, teacherA: 200, teacherB: 404, studentA: 200, studentB: 404, parentA: 404 });
    expect((await as.teacherA.post(`/api/recordings/${REC}/publish`, { published: false })).status).toBe(200);
    expect((await as.teacherA.get('/api/recordings/rec_nope/timeline')).status).toBe(404);
  });

  it("a principal (a teacher with the principal's duty) watches any recording of the school, reads the archive and is offered it in the navigation", async () => {
    expect((await as.teacherB.get('/api/me')).json).toMatchObject({ user: { archive: false } });
    expect((await as.teacherB.get('/api/archive/bundles')).status).toBe(403);
    const duties = await as.admin.request('PUT', `/api/staff/${world.teacherB.userId}/duties`, { duties: [{ duty: 'principal', subjectId: '' }] });
    expect(duties.status).toBe(200);
    expect((await as.teacherB.get('/api/me')).json).toMatchObject({ user: { archive: true } });
    expect((await as.teacherA.get('/api/me')).json).toMatchObject({ user: { archive: false } });
    expect((await timeline('teacherB')).status).toBe(200);
    const list = (await as.teacherB.get(`/api/lessons/${world.lessonA.id}/recordings`)).json as { canManage: boolean; canHold: boolean; recordings: Array<{ id: string }> };
    expect(list).toMatchObject({ canManage: false, canHold: true });
    expect(list.recordings.map((r) => r.id)).toContain(REC);
    // Watching is recorded (R12); publishing stays the teacher's.
    const before = (await server.services.storage.recordings.views(REC)).length;
    expect((await as.teacherB.get(`/api/recordings/${REC}/media`)).status).toBe(200);
    expect((await server.services.storage.recordings.views(REC)).map((v) => v.userId).slice(before)).toEqual([world.teacherB.userId]);
    expect((await as.teacherB.post(`/api/recordings/${REC}/publish`, { published: true })).status).toBe(403);
    const bundles = archiveHttp.bundleList.parse((await as.teacherB.get('/api/archive/bundles')).json);
    expect(bundles.classes.map((c) => c.id)).toEqual(expect.arrayContaining([world.classA, world.classB]));
  });
});

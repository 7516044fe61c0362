/**
 * Admission, supervision and attendance through the real server (R3, R6, R7, R8): lesson
 * password, lobby admit/deny, lock, removal for good, breakout rounds, reconnection within the
 * grace period, and the attendance record in the store (WebSocket and CSV).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { classroom } from '../proto/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';
import { CLOSE } from './ws/closeCodes.js';

const v1 = classroom.v1;
let server: TestServer;
let world: SchoolWorld;
let teacherApi: ApiClient;
const students: ApiClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, lesson: { reconnectGraceMs: 1500 } });
  world = await buildSchoolWorld(server.services, { studentsInA: 5 });
  teacherApi = await signedIn(server.httpUrl, world.teacherA);
  for (const s of world.studentsA) students.push(await signedIn(server.httpUrl, s));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function connect(api: ApiClient, lessonId: string, extra: classroom.v1.JoinRequest.$Properties = {}) {
  const client = await TestClient.connect(server.wsUrl, { cookie: api.cookie });
  const answer = await client.join({ lessonId, ...extra });
  return { client, answer, id: answer.join?.participantId ?? '' };
}

async function newLesson(password?: string) {
  const teacher = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  // One class cannot have two lessons at once: end the running one first.
  await server.services.lessons.markEnded(world.lessonA.id);
  const lesson = await server.services.lessons.startNow(teacher, { classId: world.classA, subjectId: world.subjectId, durationMinutes: 45, ...(password ? { password } : {}) });
  world.lessonA = lesson;
  return lesson.id;
}

describe('admission (R3)', () => {
  it('a lesson password is asked of students, checked, and not of the teacher', async () => {
    const lessonId = await newLesson('toan8a');
    const none = await connect(students[0]!, lessonId);
    expect(none.answer.error).toMatchObject({ code: v1.ErrorCode.ERROR_CODE_FORBIDDEN, reason: 'lesson_password_required' });
    expect(await none.client.waitForClose()).toBe(CLOSE.forbidden);
    const wrong = await connect(students[0]!, lessonId, { lessonPassword: 'sai' });
    expect(wrong.answer.error?.reason).toBe('lesson_password_wrong');
    const right = await connect(students[0]!, lessonId, { lessonPassword: 'toan8a' });
    expect(right.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    const teacher = await connect(teacherApi, lessonId);
    expect(teacher.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    right.client.close();
    teacher.client.close();
  });

  it('the lobby: the teacher sees who waits, admits one, denies another with a reason', async () => {
    const lessonId = await newLesson();
    const teacher = await connect(teacherApi, lessonId);
    const a = await connect(students[0]!, lessonId);
    const b = await connect(students[1]!, lessonId);
    const lobby = await teacher.client.waitForPush((m) => (m.lobbyUpdated?.entries?.length ?? 0) === 2);
    expect(lobby.lobbyUpdated?.entries?.map((e) => e.participantId)).toEqual([a.id, b.id]);
    await teacher.client.request({ admit: { participantIds: [a.id] } });
    const admitted = await a.client.waitForPush((m) => m.admission?.admitted === true);
    expect(admitted.admission?.snapshot?.participants?.map((p) => p.id).sort()).toEqual([a.id, teacher.id].sort());
    await teacher.client.request({ deny: { participantId: b.id, reason: 'Em vào nhầm tiết' } });
    const denied = await b.client.waitForPush((m) => m.admission?.admitted === false);
    expect(denied.admission?.deniedReason).toBe('Em vào nhầm tiết');
    expect(await b.client.waitForClose()).toBe(CLOSE.forbidden);
    for (const c of [teacher, a]) c.client.close();
  });

  it('a locked lesson refuses newcomers; auto-admit lets class members in', async () => {
    const lessonId = await newLesson();
    const teacher = await connect(teacherApi, lessonId);
    await teacher.client.request({ updateSettings: { locked: true } });
    const late = await connect(students[2]!, lessonId);
    expect(late.answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_LESSON_LOCKED);
    expect(await late.client.waitForClose()).toBe(CLOSE.lessonLocked);
    await teacher.client.request({ updateSettings: { locked: false, autoAdmit: true } });
    const now = await connect(students[2]!, lessonId);
    expect(now.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    now.client.close();
    teacher.client.close();
  });
});

describe('supervision (R6) and breakout groups (R7)', () => {
  it('a removed student is told why and cannot come back to the lesson', async () => {
    const lessonId = await newLesson();
    const teacher = await connect(teacherApi, lessonId);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const s = await connect(students[3]!, lessonId);
    await teacher.client.request({ removeParticipant: { participantId: s.id, reason: 'Làm ồn' } });
    expect((await s.client.waitForPush((m) => !!m.removed)).removed?.reason).toBe('Làm ồn');
    expect(await s.client.waitForClose()).toBe(CLOSE.forbidden);
    const again = await connect(students[3]!, lessonId);
    expect(again.answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    teacher.client.close();
  });

  it('2 groups of 2 with their own chat, a broadcast, then everyone back in the main room', async () => {
    const lessonId = await newLesson();
    const teacher = await connect(teacherApi, lessonId);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const pupils = [];
    for (const api of students.slice(0, 4)) pupils.push(await connect(api, lessonId));
    expect((await teacher.client.request({ startBreakout: { randomGroupCount: 2 } })).body).toBe('ack');
    const started = await teacher.client.waitForPush((m) => m.breakout?.active === true);
    const groups = started.breakout?.groups ?? [];
    expect(groups.map((g) => g.participantIds?.length)).toEqual([2, 2]);
    const [g1, g2] = groups;
    const inG1 = pupils.filter((p) => g1!.participantIds!.includes(p.id));
    const inG2 = pupils.filter((p) => g2!.participantIds!.includes(p.id));
    await inG1[0]!.client.request({ sendChat: { text: 'Nhóm 1 bàn bài 3' } });
    await inG1[1]!.client.waitForPush((m) => m.chat?.text === 'Nhóm 1 bàn bài 3');
    await teacher.client.request({ broadcastToGroups: { text: 'Còn 2 phút' } });
    for (const p of pupils) await p.client.waitForPush((m) => m.groupBroadcast?.text === 'Còn 2 phút');
    expect(inG2.some((p) => p.client.pushes.some((m) => m.chat?.text === 'Nhóm 1 bàn bài 3'))).toBe(false);
    await teacher.client.request({ endBreakout: {} });
    for (const p of pupils) await p.client.waitForPush((m) => m.breakout?.active === false);
    const back = await teacher.client.request({ sendChat: { text: 'Cả lớp quay lại' } });
    expect(back.body).toBe('ack');
    for (const p of pupils) await p.client.waitForPush((m) => m.chat?.text === 'Cả lớp quay lại');
    for (const p of [teacher, ...pupils]) p.client.close();
  });
});

describe('attendance (R8)', () => {
  it('records presence through a reconnection, lists the absent, and exports a CSV Excel opens', async () => {
    const lessonId = await newLesson();
    const teacher = await connect(teacherApi, lessonId);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const present = await connect(students[0]!, lessonId, { micOn: true, cameraOn: true });
    await present.client.request({ raiseHand: {} });
    await present.client.request({ sendChat: { text: 'Em có mặt' } });
    // The connection drops and comes back within the grace period: the same participant.
    present.client.close();
    await teacher.client.waitForPush((m) => m.participantUpdated?.participant?.connection === v1.ConnectionState.CONNECTION_STATE_RECONNECTING);
    const back = await connect(students[0]!, lessonId);
    expect(back.id).toBe(present.id);
    await new Promise((r) => setTimeout(r, 1200));
    const report = await teacher.client.request({ getAttendance: {} });
    const rows = report.attendance?.rows ?? [];
    const mine = rows.find((r) => r.userId === world.studentsA[0]!.userId);
    expect(mine).toMatchObject({ attended: true, presentNow: true, joinCount: 1, handRaises: 1, chatMessages: 1 });
    expect(mine?.presentMs).toBeGreaterThan(1000);
    const absent = rows.filter((r) => !r.attended).map((r) => r.userId).sort();
    expect(absent).toEqual(world.studentsA.slice(1).map((s) => s.userId).sort());
    await teacher.client.request({ endLesson: {} });
    await back.client.waitForPush((m) => !!m.lessonEnded);
    const csv = await teacherApi.get(`/api/lessons/${lessonId}/attendance.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/Mã định danh/);
    expect(lines).toHaveLength(1 + world.studentsA.length);
  });
});

describe('abuse limits (issue 13.6)', () => {
  it('lesson password guesses are limited per student and lesson: after 5 wrong ones even the right one waits', async () => {
    const lessonId = await newLesson('hinh-hoc-8a');
    for (let i = 0; i < 5; i++) {
      const guess = await connect(students[3]!, lessonId, { lessonPassword: `doan-${i}` });
      expect(guess.answer.error?.reason, `guess ${i}`).toBe('lesson_password_wrong');
      guess.client.close();
    }
    const locked = await connect(students[3]!, lessonId, { lessonPassword: 'hinh-hoc-8a' });
    expect(locked.answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_RATE_LIMITED);
    expect(locked.answer.error?.message).toMatch(/try again in \d+ s/);
    locked.client.close();
    const classmate = await connect(students[4]!, lessonId, { lessonPassword: 'hinh-hoc-8a' });
    expect(classmate.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    classmate.client.close();
  });

  it('joining and leaving in a loop is limited per user; others still join', async () => {
    const lessonId = await newLesson();
    const outcomes: string[] = [];
    for (let i = 0; i < 14; i++) {
      const j = await connect(students[1]!, lessonId);
      outcomes.push(j.answer.join ? 'joined' : String(j.answer.error?.code));
      if (j.answer.join) await j.client.request({ leave: {} });
      j.client.close();
    }
    // The burst is 10 joins (some spent by this student earlier in the file), then one per 2 s.
    const limited = String(v1.ErrorCode.ERROR_CODE_RATE_LIMITED);
    const first = outcomes.indexOf(limited);
    expect(first, outcomes.join()).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(10);
    expect(outcomes.slice(first).every((o) => o === limited), outcomes.join()).toBe(true);
    const other = await connect(students[2]!, lessonId);
    expect(other.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    other.client.close();
  });
});

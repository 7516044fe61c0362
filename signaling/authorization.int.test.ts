/**
 * Every HTTP route and every teacher-only signaling message against every role (R21: access
 * only by role and class membership). The expected table is written out; any change of policy
 * must change it here, on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../proto/index.js';
import { loadActor } from '../classroom/index.js';
import { SINGLE, TRUE_FALSE } from '../testkit/questions.js';
import { png } from '../testkit/docx.js';
import { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';
import { setUpAssignment, type AssignmentSetup } from '../testkit/assignmentSetup.js';
import { setUpMaterials, type MaterialSetup } from '../testkit/materialSetup.js';
import { CLOSE } from './ws/closeCodes.js';
import { classQaCases } from './__fixtures__/classQaCases.js';
import { archiveCases } from './__fixtures__/archiveCases.js';
import { WHO, type MatrixContext, type RouteCase, type Who } from './__fixtures__/matrix.js';
import { materialCases, parentCases, statisticsCases } from './__fixtures__/schoolCases.js';
import { assignmentCases, bankRoutes, examRoutes, gradebookCases } from './__fixtures__/teachingCases.js';

/** The joining participant's own name, from its JoinResponse. */
const selfName = (m: classroom.v1.ServerMessage) => m.join?.snapshot?.participants?.find((p) => p.id === m.join?.participantId)?.displayName;

const v1 = classroom.v1;

let server: TestServer;
let world: SchoolWorld;
let hw: AssignmentSetup;
const as = {} as Record<Who, ApiClient>;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  as.anonymous = new ApiClient(server.httpUrl);
  as.admin = await signedIn(server.httpUrl, world.admin);
  as.teacherA = await signedIn(server.httpUrl, world.teacherA);
  as.teacherB = await signedIn(server.httpUrl, world.teacherB);
  as.studentA = await signedIn(server.httpUrl, world.studentsA[0]!);
  as.studentB = await signedIn(server.httpUrl, world.studentB);
  as.parentA = await signedIn(server.httpUrl, world.parentA);
  // Question bank: teacherA's questions of Toán; teacherB teaches Toán too (the same subject group).
  const teacherA = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  const make = async (shared: boolean) =>
    (await server.services.questionBank.create(teacherA, { subjectId: world.subjectId, shared, tags: { gradeLevel: 8, topic: null, level: null }, question: shared ? TRUE_FALSE : SINGLE })).question.id;
  bank = { shared: await make(true), private: await make(false), toArchive: await make(false), image: await server.services.bankImages.put({ schoolId: world.schoolId, ownerId: world.teacherA.userId, contentType: 'image/png', bytes: png() }) };
  hw = await setUpAssignment(world, as.teacherA, as.studentA);
  // Quizzes and exams: an exam of 8A Toán open now, with studentA's attempt in progress, and a
  // quiz with another attempt for the submit route.
  const give = async (mode: 'exam' | 'quiz') =>
    (await server.services.exams.create(teacherA, { classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra', mode, opensAt: Date.now() - 60_000, closesAt: Date.now() + 3_600_000, timeLimitMinutes: 45, attemptsAllowed: 1, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'manual', scheme: 'simple', questions: [{ questionId: bank.private }] })).id;
  const studentA = await loadActor(server.services.storage.schools, { id: world.studentsA[0]!.userId, role: 'student', schoolId: world.schoolId });
  const ctx = { clientId: 'matrix-tab-1', ip: '127.0.0.1' };
  const examId = await give('exam');
  const quizId = await give('quiz');
  mat = await setUpMaterials(server.services, world);
  exam = { id: examId, attemptId: (await server.services.examTaking.start(studentA, examId, ctx)).attemptId, quizAttemptId: (await server.services.examTaking.start(studentA, quizId, ctx)).attemptId };
}, 120_000);

let bank: { shared: string; private: string; toArchive: string; image: string };
let mat: MaterialSetup;
let exam: { id: string; attemptId: string; quizAttemptId: string };

afterAll(async () => {
  await server?.stop();
});

const tomorrow = () => new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const all = (status: number, rest: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  ...(Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>),
  anonymous: 401,
  ...rest,
});

/** What the case files of __fixtures__ build their cases from (made by beforeAll). */
const ctx = (): MatrixContext => ({ services: server.services, world, all, bank, hw, mat, exam, tomorrow });

const routes = (): RouteCase[] => {
  // Made once: its recording routes and archive routes share one recording.
  const archive = archiveCases(ctx());
  return [
    { name: 'GET /api/me', call: (c) => c.get('/api/me'), expect: all(200) },
    { name: 'GET /api/timetable', call: (c) => c.get('/api/timetable'), expect: all(200) },
    { name: 'GET /api/teaching', call: (c) => c.get('/api/teaching'), expect: all(403, { teacherA: 200, teacherB: 200 }) },
    {
      name: 'POST /api/lessons (8A, Toán)',
      call: (c) => c.post('/api/lessons', { classId: world.classA, subjectId: world.subjectId, date: tomorrow(), start: '08:00', end: '08:45' }),
      expect: all(403, { teacherA: 201 }),
    },
    { name: 'GET /api/lessons/:id', call: (c) => c.get(`/api/lessons/${world.lessonA.id}`), expect: all(200, { teacherB: 403, studentB: 403 }) },
    { name: 'POST /api/lessons/:id/guest-link', call: (c) => c.post(`/api/lessons/${world.lessonA.id}/guest-link`, { name: 'Thầy Khách' }), expect: all(403, { teacherA: 201 }) },
    { name: 'GET /api/lessons/:id/attendance', call: (c) => c.get(`/api/lessons/${world.lessonA.id}/attendance`), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'GET /api/lessons/:id/attendance.csv', call: (c) => c.get(`/api/lessons/${world.lessonA.id}/attendance.csv`), expect: all(403, { admin: 200, teacherA: 200 }) },
    // Recordings and their playback (issue 9): __fixtures__/archiveCases.ts.
    ...archive.recordings,
    { name: 'GET /api/admin/school', call: (c) => c.get('/api/admin/school'), expect: all(403, { admin: 200 }) },
    { name: 'POST /api/admin/subjects', call: (c) => c.post('/api/admin/subjects', { name: `Môn ${Math.random().toString(36).slice(2, 8)}` }), expect: all(403, { admin: 201 }) },
    {
      name: 'POST /api/admin/parents',
      call: (c) => c.post('/api/admin/parents', { username: `ph.${Math.random().toString(36).slice(2, 8)}`, displayName: 'Trần Văn Mẹ', childCodes: ['001200000002'] }),
      expect: all(403, { admin: 201 }),
    },
    {
      name: 'POST /api/admin/roster/preview',
      call: (c) => c.post('/api/admin/roster/preview?kind=students', 'Mã định danh,Họ và tên,Lớp\n001200000050,Lý Thị Mai,8A\n'),
      expect: all(403, { admin: 200 }),
    },
    { name: 'GET /api/admin/accounts', call: (c) => c.get('/api/admin/accounts?role=student'), expect: all(403, { admin: 200 }) },
    {
      name: 'POST /api/admin/accounts/:id/reset-password',
      call: (c) => c.post(`/api/admin/accounts/${world.studentsA[2]!.userId}/reset-password`),
      expect: all(403, { admin: 200 }),
    },
    { name: 'GET /api/admin/students/:id/export', call: (c) => c.get(`/api/admin/students/${world.studentsA[1]!.userId}/export`), expect: all(403, { admin: 200 }) },
    {
      // A wrong confirmation: the admin gets as far as validation (400), nobody else past the policy.
      name: 'POST /api/admin/students/:id/erase',
      call: (c) => c.post(`/api/admin/students/${world.studentsA[1]!.userId}/erase`, { confirmCode: 'not-the-code' }),
      expect: all(403, { admin: 400 }),
    },
    { name: 'GET /api/admin/audit?log=logins', call: (c) => c.get('/api/admin/audit?log=logins'), expect: all(403, { admin: 200 }) },
    { name: 'GET /api/admin/audit?log=access', call: (c) => c.get('/api/admin/audit?log=access'), expect: all(403, { admin: 200 }) },
    // Question bank (R16): teachers manage their own and read their subject group's shared ones,
    // the admin reads, students and parents never reach a question (its key is in it).
    ...bankRoutes(ctx()),
    ...assignmentCases(ctx()),
    ...gradebookCases(ctx()),
    ...materialCases(ctx()),
    // Quizzes and exams (R11): the class + subject's teachers give and proctor them, only the
    // class's students take them, nobody reaches another's attempt.
    ...examRoutes(ctx()),
    // The school's statistics (R15): the admin reads the school or any teacher, a teacher only their own.
    ...statisticsCases(ctx()),
    // Parents (R19, R20): a child's page for the child, their parents, the class's teachers and the
    // admin only; announcements written by the class's teachers, read by the class.
    ...parentCases(ctx()),
    // The archive (issue 9, R17): bundles, settings, retention and holds are the admin's (and a principal's, policy.test.ts).
    ...archive.archive,
    // Questions and answers of a class + subject (R13): its students and subject teachers, the admin reads.
    ...classQaCases(server.services, world, all),
  ];
};

describe('authorization: every HTTP route × every role', () => {
  it('answers exactly the expected status for each pair', async () => {
    const got: Record<string, Record<Who, number>> = {};
    const want: Record<string, Record<Who, number>> = {};
    for (const route of routes()) {
      got[route.name] = {} as Record<Who, number>;
      want[route.name] = route.expect;
      for (const who of WHO) got[route.name]![who] = (await route.call(as[who])).status;
    }
    expect(got).toEqual(want);
  });

  it('refuses a state-changing request from another site', async () => {
    const r = await as.teacherA.post('/api/lessons/start-now', { classId: world.classA, subjectId: world.subjectId }, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
  });

  it('compares the whole origin, scheme and port included (issue 13.2)', async () => {
    const { port } = server;
    const foreign = [`https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'null'];
    for (const origin of foreign) expect((await as.admin.post('/api/admin/subjects', { name: 'Mỹ thuật' }, { origin })).status, origin).toBe(403);
    expect((await as.admin.post('/api/admin/subjects', { name: 'Âm nhạc' }, { origin: `http://127.0.0.1:${port}` })).status).toBe(201);
  });
});

describe('authorization: the WebSocket upgrade checks Origin (issue 13.2)', () => {
  const upgrade = (origin: string | undefined) =>
    TestClient.connect(server.wsUrl, { cookie: as.teacherA.cookie, ...(origin === undefined ? {} : { origin }) }).then(
      (client) => {
        client.close();
        return 'open';
      },
      (err: Error) => err.message,
    );

  it('a page of another origin (sibling host, other port, other scheme) cannot open the socket with the cookie', async () => {
    const { port } = server;
    for (const origin of ['https://evil.example', `http://localhost.evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      expect(await upgrade(origin), origin).toMatch(/403/);
    }
  });

  it("the server's own pages, and clients that are not browsers (no Origin), can", async () => {
    expect(await upgrade(`http://127.0.0.1:${server.port}`)).toBe('open');
    expect(await upgrade(undefined)).toBe('open');
  });
});

async function joinAs(who: Who): Promise<{ client: TestClient; answer: classroom.v1.ServerMessage }> {
  const client = await TestClient.connect(server.wsUrl, as[who].cookie ? { cookie: as[who].cookie } : {});
  const answer = await client.join({ lessonId: world.lessonA.id, micOn: false, cameraOn: false });
  return { client, answer };
}

describe('authorization: joining the live lesson of 8A', () => {
  it.each([
    ['teacherA', 'admitted as teacher'],
    ['studentA', 'waiting in the lobby'],
  ] as const)('%s is %s', async (who, _expected) => {
    const { client, answer } = await joinAs(who);
    expect(answer.body).toBe('join');
    expect(answer.join?.admission).toBe(
      who === 'teacherA' ? v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED : v1.AdmissionStatus.ADMISSION_STATUS_WAITING,
    );
    if (who === 'teacherA') expect(answer.join?.snapshot?.selfRole).toBe(v1.Role.ROLE_TEACHER);
    client.close();
  });

  it.each(['teacherB', 'studentB', 'parentA', 'admin'] as const)('%s is refused with FORBIDDEN and close 4403', async (who) => {
    const { client, answer } = await joinAs(who);
    expect(answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(await client.waitForClose()).toBe(CLOSE.forbidden);
  });

  it('anonymous is refused with UNAUTHENTICATED and close 4401', async () => {
    const { client, answer } = await joinAs('anonymous');
    expect(answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_UNAUTHENTICATED);
    expect(await client.waitForClose()).toBe(CLOSE.unauthenticated);
  });
});

describe('names in the live lesson (issue 13.5)', () => {
  it('a signed-in student is shown by their roster name, whatever name the client sends', async () => {
    const teacher = await TestClient.connect(server.wsUrl, { cookie: as.teacherA.cookie });
    await teacher.join({ lessonId: world.lessonA.id });
    await teacher.request({ updateSettings: { autoAdmit: true } });
    const student = await TestClient.connect(server.wsUrl, { cookie: as.studentA.cookie });
    const answer = await student.join({ lessonId: world.lessonA.id, displayName: world.teacherA.displayName });
    expect(selfName(answer)).toBe(world.studentsA[0]!.displayName);
    const seen = await teacher.waitForPush((m) => m.participantJoined?.participant?.id === answer.join?.participantId);
    expect(seen.participantJoined?.participant?.displayName).toBe(world.studentsA[0]!.displayName);
    student.close();
    teacher.close();
  });

  it("a guest link's name follows the guest-name rules", async () => {
    const blank = await as.teacherA.post(`/api/lessons/${world.lessonA.id}/guest-link`, { name: '\u200B\u202E' });
    expect(blank.status).toBe(400);
    expect(blank.json).toMatchObject({ error: { code: 'BAD_REQUEST', details: { reason: 'display_name_invalid' } } });
    const ok = await as.teacherA.post<{ url: string }>(`/api/lessons/${world.lessonA.id}/guest-link`, { name: ' Thầy\u0000 Khách\u200B ' });
    const client = await TestClient.connect(server.wsUrl);
    const answer = await client.join({ joinToken: ok.json.url.split('#t=')[1] });
    expect(selfName(answer)).toBe('Thầy Khách');
    client.close();
  });
});

describe('authorization: teacher-only lesson messages from a student', () => {
  const teacherOnly: Array<[string, classroom.v1.ClientMessage.$Properties]> = [
    ['endLesson', { endLesson: {} }],
    ['admit', { admit: { all: true } }],
    ['deny', { deny: { participantId: 'p_x' } }],
    ['updateSettings', { updateSettings: { locked: true } }],
    ['forceMediaOff', { forceMediaOff: { all: true, source: v1.TrackSource.TRACK_SOURCE_MICROPHONE } }],
    ['removeParticipant', { removeParticipant: { participantId: 'p_x' } }],
    ['setScreenSharePermission', { setScreenSharePermission: { participantId: 'p_x', allowed: true } }],
    ['getAttendance', { getAttendance: {} }],
    ['startBreakout', { startBreakout: { randomGroupCount: 1 } }],
    ['endBreakout', { endBreakout: {} }],
    ['visitBreakoutGroup', { visitBreakoutGroup: { groupId: '' } }],
    ['broadcastToGroups', { broadcastToGroups: { text: 'x' } }],
    ['startLiveQuiz', { startLiveQuiz: { poll: { text: 'Hiểu chưa?', options: ['Rồi', 'Chưa'] }, durationSec: 30 } }],
    ['closeLiveQuiz', { closeLiveQuiz: { quizId: 'lq_x' } }],
    ['revealLiveQuiz', { revealLiveQuiz: { quizId: 'lq_x' } }],
    ['endLiveQuiz', { endLiveQuiz: { quizId: 'lq_x' } }],
    ['startRecording', { startRecording: {} }],
    ['stopRecording', { stopRecording: {} }],
    ['handOutMaterial', { handOutMaterial: { materialId: 'mat_x' } }],
    ['markQuestionAnswered', { markQuestionAnswered: { questionId: 'lq_x' } }],
  ];

  it('an admitted student gets FORBIDDEN for every one, and the lesson is unchanged', async () => {
    const joinedTeacher = await joinAs('teacherA');
    const teacher = joinedTeacher.client;
    const teacherId = joinedTeacher.answer.join?.participantId ?? '';
    await teacher.request({ updateSettings: { autoAdmit: true } });
    const student = await joinAs('studentA');
    expect(student.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const codes: Record<string, number | null | undefined> = {};
    for (const [name, body] of teacherOnly) codes[name] = (await student.client.request(body)).error?.code;
    expect(codes).toEqual(Object.fromEntries(teacherOnly.map(([n]) => [n, v1.ErrorCode.ERROR_CODE_FORBIDDEN])));
    expect((await teacher.request({ raiseHand: {} })).body).toBe('ack');
    expect((await student.client.request({ lowerHand: { participantId: teacherId } })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect((await student.client.request({ lowerHand: {} })).body).toBe('ack'); // one's own hand: allowed
    student.client.close();
    teacher.close();
  });

  it('a student still in the lobby may not chat or publish', async () => {
    const teacher = (await joinAs('teacherA')).client;
    await teacher.request({ updateSettings: { autoAdmit: false } });
    const pupil = new ApiClient(server.httpUrl);
    await pupil.login(world.studentsA[1]!.login, world.studentsA[1]!.initialPassword, 'Lop-hoc-2026!');
    const client = await TestClient.connect(server.wsUrl, { cookie: pupil.cookie });
    const answer = await client.join({ lessonId: world.lessonA.id });
    expect(answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    expect((await client.request({ sendChat: { text: 'cho em vào' } })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_NOT_JOINED);
    const codes: Record<string, number | null | undefined> = {};
    for (const [name, body] of mediaMessages) codes[name] = (await client.request(body)).error?.code;
    expect(codes).toEqual(Object.fromEntries(mediaMessages.map(([n]) => [n, v1.ErrorCode.ERROR_CODE_NOT_JOINED])));
    client.close();
    teacher.close();
  });
});

describe('authorization: the live attendance panel reads the table the way the HTTP route does (R8, R21)', () => {
  const auditOf = (userId: string) => server.services.storage.personalDataAudit.forActor(userId, { limit: 1000 });
  const viewsOfLessonA = async (userId: string) =>
    (await auditOf(userId)).filter((a) => a.action === 'view' && a.resource === `attendance:lesson:${world.lessonA.id}`).length;

  it('the lesson\'s teacher gets every column (screen time too) and each read is audited; a guest teacher\'s link is refused', async () => {
    const joinedTeacher = await joinAs('teacherA');
    const teacher = joinedTeacher.client;
    await teacher.request({ updateSettings: { autoAdmit: true } });
    const student = await joinAs('studentA');
    const studentPid = student.answer.join?.participantId ?? '';
    await teacher.request({ setScreenSharePermission: { participantId: studentPid, allowed: true } });
    expect((await student.client.request({ setMediaState: { screenOn: true } })).body).toBe('ack');
    const rowOf = async () =>
      (await teacher.request({ getAttendance: {} })).attendance?.rows?.find((r) => r.userId === world.studentsA[0]!.userId);
    await expect.poll(async () => (await rowOf())?.screenOnMs ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);

    const before = await viewsOfLessonA(world.teacherA.userId);
    const row = await rowOf();
    expect(row).toMatchObject({ attended: true, presentNow: true });
    expect(await viewsOfLessonA(world.teacherA.userId)).toBe(before + 1);

    // A guest teacher's join link carries no account: not a teacher of the class for the policy.
    const guest = await TestClient.connect(server.wsUrl);
    const token = server.links.mint({ lessonId: world.lessonA.id, userId: 'guest_observer', name: 'Thầy Khách', role: 'teacher' });
    expect((await guest.join({ joinToken: token })).join?.snapshot?.selfRole).toBe(v1.Role.ROLE_TEACHER);
    expect((await guest.request({ getAttendance: {} })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect((await student.client.request({ getAttendance: {} })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(await auditOf('guest_observer')).toEqual([]);
    expect(await auditOf(world.studentsA[0]!.userId)).toEqual([]);
    for (const c of [guest, student.client, teacher]) c.close();
  });
});

/** Every media request, with a body that passes the codec (so that the policy is what answers). */
const dtls = { fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };
const opus = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
const mediaMessages: Array<[string, classroom.v1.ClientMessage.$Properties]> = [
  ['setVideoPreferences', { setVideoPreferences: { preferences: [] } }],
  ['setMediaState', { setMediaState: { micOn: false } }],
  ['qualityReport', { qualityReport: { rttMs: 10 } }],
  ['restartMedia', { restartMedia: {} }],
  ['mediaSetup', { mediaSetup: { rtpCapabilities: { codecs: [] } } }],
  ['connectTransport', { connectTransport: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_SEND, dtlsParameters: dtls } }],
  ['produce', { produce: { source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, kind: v1.MediaKind.MEDIA_KIND_AUDIO, rtpParameters: opus } }],
  ['unpublish', { unpublish: { source: v1.TrackSource.TRACK_SOURCE_SCREEN } }],
  ['resumeConsumer', { resumeConsumer: { consumerId: 'c_x' } }],
  ['restartIce', { restartIce: { direction: v1.TransportDirection.TRANSPORT_DIRECTION_RECV } }],
  ['firstSound', { firstSound: {} }],
  ['firstSoundConnect', { firstSoundConnect: { transportId: 't_x', dtlsParameters: dtls } }],
  ['firstSoundClose', { firstSoundClose: { transportId: 't_x' } }],
];

describe('authorization: media messages', () => {
  it('before a join, every one is answered NOT_JOINED', async () => {
    const client = await TestClient.connect(server.wsUrl);
    const codes: Record<string, number | null | undefined> = {};
    for (const [name, body] of mediaMessages) codes[name] = (await client.request(body)).error?.code;
    expect(codes).toEqual(Object.fromEntries(mediaMessages.map(([n]) => [n, v1.ErrorCode.ERROR_CODE_NOT_JOINED])));
    client.close();
  });

  it('an admitted student may not send a screen until the teacher allows it', async () => {
    const teacher = (await joinAs('teacherA')).client;
    await teacher.request({ updateSettings: { autoAdmit: true } });
    const student = await joinAs('studentA');
    expect(student.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    // Said explicitly: an earlier test of this lesson may have allowed this student to share.
    const studentPid = student.answer.join?.participantId ?? '';
    expect((await teacher.request({ setScreenSharePermission: { participantId: studentPid, allowed: false } })).body).toBe('ack');
    const screenProduce = await student.client.request({
      produce: { source: v1.TrackSource.TRACK_SOURCE_SCREEN, kind: v1.MediaKind.MEDIA_KIND_VIDEO, rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }] } },
    });
    expect(screenProduce.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    student.client.close();
    teacher.close();
  });
});

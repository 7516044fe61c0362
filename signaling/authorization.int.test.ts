/**
 * Every HTTP route and every teacher-only signaling message against every role (R21: access
 * only by role and class membership). The expected table is written out; any change of policy
 * must change it here, on purpose.
 */
import { Readable } from 'node:stream';
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
import { tusCreate } from '../testkit/tusRaw.js';
import { setUpMaterials, type MaterialSetup } from '../testkit/materialSetup.js';
import { CLOSE } from './ws/closeCodes.js';
import { classQaCases } from './__fixtures__/classQaCases.js';

/** The joining participant's own name, from its JoinResponse. */
const selfName = (m: classroom.v1.ServerMessage) => m.join?.snapshot?.participants?.find((p) => p.id === m.join?.participantId)?.displayName;

const v1 = classroom.v1;
type Who = 'anonymous' | 'admin' | 'teacherA' | 'teacherB' | 'studentA' | 'studentB' | 'parentA';
const WHO: Who[] = ['anonymous', 'admin', 'teacherA', 'teacherB', 'studentA', 'studentB', 'parentA'];

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

/** A stopped recording of lesson A with its video, made once (the recording routes' target). */
let recordingMade: Promise<string> | undefined;
function recordingA(): Promise<string> {
  recordingMade ??= (async () => {
    const blob = await server.services.blobs.put(Readable.from([Buffer.from('not really a video')]), { area: 'recordings', maxBytes: 1024, contentType: 'video/mp4' });
    const id = 'rec_matrix';
    await server.services.storage.recordings.createRecording({
      id, lessonId: world.lessonA.id, startedBy: world.teacherA.userId, state: 'stopped', failure: null, directory: id,
      startedAt: Date.now() - 60_000, stoppedAt: Date.now(), published: false, hold: false, videoBlob: blob.key, durationMs: 60_000,
    });
    return id;
  })();
  return recordingMade;
}

interface RouteCase {
  name: string;
  call(c: ApiClient): Promise<{ status: number }>;
  expect: Record<Who, number>;
}

const tomorrow = () => new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const all = (status: number, rest: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  ...(Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>),
  anonymous: 401,
  ...rest,
});

const routes = (): RouteCase[] => [
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
  { name: 'GET /api/lessons/:id/recordings', call: async (c) => c.get(`/api/lessons/${world.lessonA.id}/recordings`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200 }) },
  { name: 'GET /api/lessons/:id/recording-status', call: (c) => c.get(`/api/lessons/${world.lessonA.id}/recording-status`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200 }) },
  { name: 'POST /api/recordings/:id/publish', call: async (c) => c.post(`/api/recordings/${await recordingA()}/publish`, { published: false }), expect: all(403, { admin: 200, teacherA: 200 }) },
  { name: 'POST /api/recordings/:id/retry (no job)', call: async (c) => c.post(`/api/recordings/${await recordingA()}/retry`, {}), expect: all(403, { admin: 404, teacherA: 404 }) },
  { name: 'GET /api/recordings/:id/media (unpublished)', call: async (c) => c.get(`/api/recordings/${await recordingA()}/media`), expect: all(403, { admin: 200, teacherA: 200 }) },
  { name: 'GET /api/recordings/media/:token (forged)', call: (c) => c.get('/api/recordings/media/eyJleHAiOjk5OTk5OTk5OTk5OTl9.AAAA'), expect: all(401) },
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
  ...bankRoutes(),
  ...assignmentCases(),
  ...gradebookCases(),
  ...materialCases(),
  // Quizzes and exams (R11): the class + subject's teachers give and proctor them, only the
  // class's students take them, nobody reaches another's attempt.
  ...examRoutes(),
  // The school's statistics (R15): the admin reads the school or any teacher, a teacher only their own.
  ...statisticsCases(),
  // Parents (R19, R20): a child's page for the child, their parents, the class's teachers and the
  // admin only; announcements written by the class's teachers, read by the class.
  ...parentCases(),
  // The archive (issue 9, R17): bundles, settings, retention and holds are the admin's (and a principal's, policy.test.ts).
  ...archiveCases(),
  // Questions and answers of a class + subject (R13): its students and subject teachers, the admin reads.
  ...classQaCases(server.services, world, all),
];

const archiveCases = (): RouteCase[] => {
  const admin = (status: number) => all(403, { admin: status });
  const day = 86_400_000;
  return [
    { name: 'POST /api/archive/bundles', call: (c) => c.post('/api/archive/bundles', { classId: world.classA, from: Date.now() - day, to: Date.now() + day, label: '' }), expect: admin(202) },
    { name: 'GET /api/archive/bundles', call: (c) => c.get('/api/archive/bundles'), expect: admin(200) },
    { name: 'POST /api/archive/bundles/:id/retry (unknown)', call: (c) => c.post('/api/archive/bundles/arc_nope/retry'), expect: admin(404) },
    { name: 'GET /api/archive/bundles/:id/download (unknown)', call: (c) => c.get('/api/archive/bundles/arc_nope/download'), expect: admin(404) },
    { name: 'GET /api/archive/settings', call: (c) => c.get('/api/archive/settings'), expect: admin(200) },
    { name: 'PUT /api/archive/settings', call: (c) => c.request('PUT', '/api/archive/settings', { recordingRetentionDays: 0, lessonDataRetentionDays: 0, autoRecord: false }), expect: admin(200) },
    { name: 'GET /api/archive/retention (dry run)', call: (c) => c.get('/api/archive/retention'), expect: admin(200) },
    { name: 'POST /api/archive/retention', call: (c) => c.post('/api/archive/retention', { recordingIds: [], lessonIds: [] }), expect: admin(200) },
    { name: 'PUT /api/archive/holds/lessons/:id', call: (c) => c.request('PUT', `/api/archive/holds/lessons/${world.lessonA.id}`, { hold: false }), expect: admin(204) },
    { name: 'PUT /api/archive/holds/recordings/:id', call: async (c) => c.request('PUT', `/api/archive/holds/recordings/${await recordingA()}`, { hold: false }), expect: admin(204) },
  ];
};

const parentCases = (): RouteCase[] => {
  const csv = () => `Họ và tên,Tên đăng nhập,Mã định danh con\nTrần Thị Mẹ,ph.${Math.random().toString(36).slice(2, 8)},001200000002\n`;
  const post = (c: ApiClient, path: string) => c.post(path, csv(), { contentType: 'text/csv' });
  return [
    {
      name: 'GET /api/children/:studentId/overview (studentA)',
      call: (c) => c.get(`/api/children/${world.studentsA[0]!.userId}/overview`),
      expect: all(403, { admin: 200, teacherA: 200, studentA: 200, parentA: 200 }),
    },
    {
      name: 'GET /api/children/:studentId/overview (studentB)',
      call: (c) => c.get(`/api/children/${world.studentB.userId}/overview`),
      expect: all(403, { admin: 200, teacherB: 200, studentB: 200 }),
    },
    { name: 'GET /api/classes/:classId/announcements', call: (c) => c.get(`/api/classes/${world.classA}/announcements`), expect: all(200, { teacherB: 403, studentB: 403 }) },
    {
      name: 'POST /api/classes/:classId/announcements',
      call: (c) => c.post(`/api/classes/${world.classA}/announcements`, { title: 'Họp phụ huynh', body: 'Thứ bảy' }),
      expect: all(403, { admin: 201, teacherA: 201 }),
    },
    { name: 'POST /api/admin/parents/import/preview', call: (c) => post(c, '/api/admin/parents/import/preview'), expect: all(403, { admin: 200 }) },
    { name: 'POST /api/admin/parents/import/apply', call: (c) => post(c, '/api/admin/parents/import/apply'), expect: all(403, { admin: 200 }) },
  ];
};

const statisticsCases = (): RouteCase[] => {
  const q = 'from=2026-09-01&to=2027-01-15';
  return [
    { name: 'GET /api/statistics', call: (c) => c.get(`/api/statistics?${q}`), expect: all(403, { admin: 200, teacherA: 200, teacherB: 200 }) },
    {
      name: 'GET /api/statistics?teacherId=teacherB',
      call: (c) => c.get(`/api/statistics?${q}&teacherId=${world.teacherB.userId}`),
      expect: all(403, { admin: 200, teacherB: 200 }),
    },
    { name: 'GET /api/statistics/export.xlsx', call: (c) => c.get(`/api/statistics/export.xlsx?${q}`), expect: all(403, { admin: 200, teacherA: 200, teacherB: 200 }) },
  ];
};

const examTeacher = all(403, { teacherA: 200 });
const examRoutes = (): RouteCase[] => [
  { name: 'GET /api/exams', call: (c) => c.get('/api/exams'), expect: all(403, { teacherA: 200, teacherB: 200 }) },
  {
    name: 'POST /api/exams (8A, Toán)',
    call: (c) => c.post('/api/exams', { classId: world.classA, subjectId: world.subjectId, title: 'Kiểm tra 15 phút', mode: 'quiz', opensAt: Date.now(), closesAt: Date.now() + 3_600_000, timeLimitMinutes: 15, attemptsAllowed: 2, shuffleQuestions: true, shuffleOptions: true, releasePolicy: 'immediately', scheme: 'simple', questions: [{ questionId: bank.private }] }),
    expect: all(403, { teacherA: 201 }),
  },
  { name: 'GET /api/exams/:id/proctor', call: (c) => c.get(`/api/exams/${exam.id}/proctor`), expect: examTeacher },
  { name: 'GET /api/exams/:id/statistics', call: (c) => c.get(`/api/exams/${exam.id}/statistics`), expect: examTeacher },
  { name: 'GET /api/exams/:id/results', call: (c) => c.get(`/api/exams/${exam.id}/results`), expect: examTeacher },
  { name: 'GET /api/exams/:id/results.xlsx', call: (c) => c.get(`/api/exams/${exam.id}/results.xlsx`), expect: examTeacher },
  { name: 'GET /api/exams/:id/results.csv', call: (c) => c.get(`/api/exams/${exam.id}/results.csv`), expect: examTeacher },
  { name: 'GET /api/exam-attempts/:id/review', call: (c) => c.get(`/api/exam-attempts/${exam.attemptId}/review`), expect: examTeacher },
  { name: 'GET /api/exam-attempts/:id/trail', call: (c) => c.get(`/api/exam-attempts/${exam.attemptId}/trail`), expect: examTeacher },
  { name: 'POST /api/exam-attempts/:id/extend', call: (c) => c.post(`/api/exam-attempts/${exam.attemptId}/extend`, { minutes: 1, reason: 'Mất điện' }), expect: examTeacher },
  // In progress: the teacher gets past the policy to the state check (409).
  { name: 'POST /api/exam-attempts/:id/reopen', call: (c) => c.post(`/api/exam-attempts/${exam.attemptId}/reopen`, { minutes: 5, reason: 'x' }), expect: all(403, { teacherA: 409 }) },
  { name: 'POST /api/exam-attempts/:id/grade', call: (c) => c.post(`/api/exam-attempts/${exam.attemptId}/grade`, { questionId: bank.private, points: 0, feedback: '' }), expect: all(403, { teacherA: 409 }) },
  { name: 'GET /api/my/exams', call: (c) => c.get('/api/my/exams'), expect: all(403, { studentA: 200, studentB: 200 }) },
  { name: 'POST /api/exams/:id/start (resume)', call: (c) => c.post(`/api/exams/${exam.id}/start`, { clientId: 'matrix-tab-1' }), expect: all(403, { studentA: 200 }) },
  { name: 'GET /api/exam-attempts/:id', call: (c) => c.get(`/api/exam-attempts/${exam.attemptId}?clientId=matrix-tab-1`), expect: all(403, { studentA: 200 }) },
  {
    name: 'PUT /api/exam-attempts/:id/answers/:questionId',
    call: (c) => c.request('PUT', `/api/exam-attempts/${exam.attemptId}/answers/${bank.private}`, { answer: { kind: 'single_choice', choice: 'B' }, seq: 1, clientId: 'matrix-tab-1' }),
    expect: all(403, { studentA: 200 }),
  },
  { name: 'POST /api/exam-attempts/:id/events', call: (c) => c.post(`/api/exam-attempts/${exam.attemptId}/events`, { kind: 'blur', detail: '', clientId: 'matrix-tab-1' }), expect: all(403, { studentA: 204 }) },
  { name: 'POST /api/exam-attempts/:id/submit', call: (c) => c.post(`/api/exam-attempts/${exam.quizAttemptId}/submit`, { clientId: 'matrix-tab-1' }), expect: all(403, { studentA: 200 }) },
  { name: 'POST /api/exams/:id/release', call: (c) => c.post(`/api/exams/${exam.id}/release`), expect: examTeacher },
  { name: 'POST /api/exams/:id/regrade', call: (c) => c.post(`/api/exams/${exam.id}/regrade`, { questionId: bank.private, version: 1, note: '' }), expect: examTeacher },
];

const bankRead = all(403, { admin: 200, teacherA: 200, teacherB: 200 });
const bankRoutes = (): RouteCase[] => [
  { name: 'GET /api/bank/meta', call: (c) => c.get('/api/bank/meta'), expect: bankRead },
  { name: 'GET /api/bank/questions', call: (c) => c.get('/api/bank/questions?scope=all'), expect: bankRead },
  {
    name: 'POST /api/bank/questions',
    call: (c) => c.post('/api/bank/questions', { subjectId: world.subjectId, shared: false, tags: { gradeLevel: null, topic: null, level: null }, question: SINGLE }),
    expect: all(403, { teacherA: 201, teacherB: 201 }),
  },
  { name: 'GET /api/bank/questions/:id (private)', call: (c) => c.get(`/api/bank/questions/${bank.private}`), expect: all(403, { admin: 200, teacherA: 200 }) },
  { name: 'GET /api/bank/questions/:id (shared)', call: (c) => c.get(`/api/bank/questions/${bank.shared}`), expect: bankRead },
  { name: 'PUT /api/bank/questions/:id', call: (c) => c.request('PUT', `/api/bank/questions/${bank.shared}`, { baseVersion: 1, shared: true }), expect: all(403, { teacherA: 200 }) },
  { name: 'DELETE /api/bank/questions/:id', call: (c) => c.request('DELETE', `/api/bank/questions/${bank.toArchive}`), expect: all(403, { teacherA: 204 }) },
  { name: 'POST /api/bank/questions/:id/copy', call: (c) => c.post(`/api/bank/questions/${bank.shared}/copy`), expect: all(403, { teacherA: 201, teacherB: 201 }) },
  { name: 'GET /api/bank/questions/:id/versions', call: (c) => c.get(`/api/bank/questions/${bank.shared}/versions`), expect: bankRead },
  { name: 'GET /api/bank/questions/:id/versions/1 (private)', call: (c) => c.get(`/api/bank/questions/${bank.private}/versions/1`), expect: all(403, { admin: 200, teacherA: 200 }) },
  {
    name: 'POST /api/bank/import/preview',
    call: (c) => c.post(`/api/bank/import/preview?format=gift&subjectId=${world.subjectId}`, '1 + 1 = 2 {T}', { contentType: 'text/plain' }),
    expect: all(403, { teacherA: 200, teacherB: 200 }),
  },
  {
    name: 'POST /api/bank/import/apply',
    call: (c) => c.post(`/api/bank/import/apply?format=aiken&subjectId=${world.subjectId}`, 'Câu?\nA. một\nB. hai\nANSWER: A\n', { contentType: 'text/plain' }),
    expect: all(403, { teacherA: 201, teacherB: 201 }),
  },
  { name: 'GET /api/bank/export', call: (c) => c.get('/api/bank/export?format=gift'), expect: bankRead },
  { name: 'POST /api/bank/images', call: (c) => c.post('/api/bank/images', Buffer.from(png()), { contentType: 'image/png' }), expect: all(403, { teacherA: 201, teacherB: 201 }) },
  // A picture shows wherever its question does (a quiz, an exam): anyone signed in at the school.
  { name: 'GET /api/bank/images/:id', call: (c) => c.get(`/api/bank/images/${bank.image}`), expect: all(200) },
];

/** Issue 8: assignments, hand-ins, grading, files, uploads (order matters: grade, then return). */
const assignmentCases = (): RouteCase[] => {
  const a = () => `/api/assignments/${hw.assignmentId}`;
  const reader = { admin: 200, teacherA: 200, studentA: 200, parentA: 200 };
  return [
    { name: 'GET /api/assignments?classId&subjectId', call: (c) => c.get(`/api/assignments?classId=${world.classA}&subjectId=${world.subjectId}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    {
      name: 'POST /api/assignments',
      call: (c) => c.post('/api/assignments', { classId: world.classA, subjectId: world.subjectId, title: 'Bài mới', instructions: '', due: { date: tomorrow(), time: '21:00' }, acceptLate: false }),
      expect: all(403, { teacherA: 201 }),
    },
    { name: 'GET /api/teaching/students?classId&subjectId', call: (c) => c.get(`/api/teaching/students?classId=${world.classA}&subjectId=${world.subjectId}`), expect: all(403, { teacherA: 200 }) },
    { name: 'GET /api/assignments/:id', call: (c) => c.get(a()), expect: all(403, reader) },
    {
      name: 'PUT /api/assignments/:id',
      call: (c) => c.request('PUT', a(), { title: 'Bài tập tuần 1', instructions: 'Làm bài 1, 2, 3', due: { date: tomorrow(), time: '21:00' }, acceptLate: true }),
      expect: all(403, { teacherA: 200 }),
    },
    { name: 'DELETE /api/assignments/:id/attachments/:fileId (unknown file)', call: (c) => c.request('DELETE', `${a()}/attachments/nope`), expect: all(403, { teacherA: 404 }) },
    { name: 'POST /api/uploads (a submission file)', call: async (c) => tusCreate(c, { filename: 'a.jpg', purpose: 'submission', targetId: hw.assignmentId }, 100), expect: all(403, { studentA: 201 }) },
    { name: 'POST /api/assignments/:id/submissions', call: (c) => c.post(`${a()}/submissions`, { text: 'Bài làm lại', fileIds: [] }), expect: all(403, { studentA: 201 }) },
    { name: 'GET /api/assignments/:id/submissions', call: (c) => c.get(`${a()}/submissions`), expect: all(403, { teacherA: 200 }) },
    { name: 'GET /api/assignments/:id/submissions/:studentId', call: (c) => c.get(`${a()}/submissions/${hw.studentId}`), expect: all(403, { teacherA: 200, studentA: 200, parentA: 200 }) },
    { name: 'PUT /api/assignments/:id/grades/:studentId', call: (c) => c.request('PUT', `${a()}/grades/${hw.studentId}`, { score: '8,5', feedback: 'Tốt', expectedRevision: 0 }), expect: all(403, { teacherA: 200 }) },
    { name: 'POST /api/assignments/:id/grades/:studentId/return', call: (c) => c.post(`${a()}/grades/${hw.studentId}/return`, { expectedRevision: 1 }), expect: all(403, { teacherA: 200 }) },
    { name: 'GET /api/children', call: (c) => c.get('/api/children'), expect: all(200) },
    { name: 'GET /api/students/:id/assignments', call: (c) => c.get(`/api/students/${hw.studentId}/assignments`), expect: all(403, reader) },
    { name: 'GET /api/files/:fileId (handed-in work)', call: (c) => c.get(`/api/files/${hw.fileId}`), expect: all(404, { anonymous: 401, ...reader }) },
    { name: 'HEAD /api/files/:fileId', call: (c) => c.request('HEAD', `/api/files/${hw.fileId}`), expect: all(404, { anonymous: 401, ...reader }) },
    { name: 'GET /api/assignments/:id/download.zip', call: (c) => c.get(`${a()}/download.zip`), expect: all(403, { teacherA: 200 }) },
  ];
};

/**
 * Issue 11: materials. teacherB heads the Toán group and the admin holds the principal's duty
 * (testkit/materialSetup.ts). Order matters: edit the draft, then submit it; the head reviews
 * before the principal; a student or a parent learns nothing of a material not given to them (404).
 */
const materialCases = (): RouteCase[] => {
  const m = (id: string) => `/api/materials/${id}`;
  const page = () => ({ subjectId: world.subjectId, gradeId: mat.gradeId, kind: 'page', title: 'Bài mới', body: 'Nội dung $x$' });
  const staff = { admin: 200, teacherA: 200, teacherB: 200 };
  return [
    { name: 'GET /api/materials', call: (c) => c.get('/api/materials'), expect: all(200) },
    { name: 'GET /api/materials/queue', call: (c) => c.get('/api/materials/queue'), expect: all(200) },
    { name: 'GET /api/materials/meta', call: (c) => c.get('/api/materials/meta'), expect: all(200) },
    { name: 'POST /api/materials', call: (c) => c.post('/api/materials', page()), expect: all(403, { teacherA: 201, teacherB: 201 }) },
    { name: 'POST /api/materials/import', call: (c) => c.post('/api/materials/import', { ...page(), source: 'province' }), expect: all(403, { admin: 201 }) },
    { name: 'POST /api/uploads (a material file)', call: (c) => tusCreate(c, { filename: 'a.pdf', purpose: 'material', targetId: world.subjectId }, 100), expect: all(403, { admin: 201, teacherA: 201, teacherB: 201 }) },
    { name: 'GET /api/materials/:id', call: (c) => c.get(m(mat.approvedId)), expect: all(403, staff) },
    { name: 'PUT /api/materials/:id', call: (c) => c.request('PUT', m(mat.draftId), { kind: 'page', title: 'Bản nháp 2', body: 'Sửa' }), expect: all(403, { teacherA: 200 }) },
    { name: 'POST /api/materials/:id/submit', call: (c) => c.post(`${m(mat.draftId)}/submit`, {}), expect: all(403, { teacherA: 200 }) },
    { name: 'POST /api/materials/:id/review (head)', call: (c) => c.post(`${m(mat.submittedId)}/review`, { version: 1, decision: 'approve' }), expect: all(403, { teacherB: 200 }) },
    // The principal decides first; the head, who may review too, then finds nothing waiting.
    { name: 'POST /api/materials/:id/review (principal)', call: (c) => c.post(`${m(mat.reviewedId)}/review`, { version: 1, decision: 'approve' }), expect: all(403, { admin: 200, teacherB: 409 }) },
    { name: 'POST /api/materials/:id/shares', call: (c) => c.post(`${m(mat.approvedId)}/shares`, { classId: world.classA }), expect: all(403, { teacherA: 201 }) },
    { name: 'GET /api/materials/:id/file', call: (c) => c.get(`${m(mat.approvedId)}/file`), expect: all(404, { anonymous: 401, ...staff, studentA: 200 }) },
    { name: 'HEAD /api/materials/:id/file', call: (c) => c.request('HEAD', `${m(mat.approvedId)}/file`), expect: all(404, { anonymous: 401, ...staff, studentA: 200 }) },
    { name: 'GET /api/classes/:classId/materials', call: (c) => c.get(`/api/classes/${world.classA}/materials`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200, parentA: 200 }) },
    { name: 'GET /api/my/materials/:id', call: (c) => c.get(`/api/my/materials/${mat.approvedId}`), expect: all(404, { anonymous: 401, studentA: 200 }) },
    { name: 'POST /api/materials/:id/views', call: (c) => c.post(`${m(mat.approvedId)}/views`, {}), expect: all(404, { anonymous: 401, studentA: 201 }) },
    { name: 'PUT /api/material-views/:viewId', call: (c) => c.request('PUT', `/api/material-views/${mat.viewId}`, { seconds: 1, pageCount: 3, pages: [1] }), expect: all(404, { anonymous: 401, studentA: 200 }) },
    { name: 'GET /api/materials/:id/usage', call: (c) => c.get(`${m(mat.approvedId)}/usage?classId=${world.classA}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'POST /api/materials/:id/remind', call: (c) => c.post(`${m(mat.approvedId)}/remind`, { classId: world.classA }), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'GET /api/staff/duties', call: (c) => c.get('/api/staff/duties'), expect: all(403, { admin: 200 }) },
    { name: 'PUT /api/staff/:userId/duties', call: (c) => c.request('PUT', `/api/staff/${world.teacherB.userId}/duties`, { duties: [{ duty: 'subject_head', subjectId: world.subjectId }] }), expect: all(403, { admin: 200 }) },
  ];
};

/** Issue 8: the gradebook and a student's results. */
const gradebookCases = (): RouteCase[] => {
  const q = () => `classId=${world.classA}&subjectId=${world.subjectId}&schoolYear=2026-2027&term=1`;
  const key = () => ({ classId: world.classA, subjectId: world.subjectId, schoolYear: '2026-2027', term: 1 });
  const bad = Buffer.from('not an xlsx file');
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return [
    { name: 'GET /api/gradebook', call: (c) => c.get(`/api/gradebook?${q()}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'PUT /api/gradebook/cells', call: (c) => c.request('PUT', '/api/gradebook/cells', { ...key(), studentId: hw.studentId, slot: 'tx1', value: '8', expectedRevision: 0 }), expect: all(403, { teacherA: 200 }) },
    { name: 'POST /api/gradebook/fill', call: (c) => c.post('/api/gradebook/fill', { ...key(), slot: 'tx2', assignmentIds: [hw.assignmentId], combine: 'single' }), expect: all(403, { teacherA: 200 }) },
    // An unknown quiz: NOT_FOUND for the teacher (a released one fills: examResultSource.test.ts).
    { name: 'POST /api/gradebook/fill (a quiz)', call: (c) => c.post('/api/gradebook/fill', { ...key(), slot: 'tx3', assignmentIds: [], assessmentIds: ['q_unknown'], combine: 'single' }), expect: all(403, { teacherA: 404 }) },
    { name: 'GET /api/gradebook/settings', call: (c) => c.get('/api/gradebook/settings'), expect: all(403, { admin: 200 }) },
    { name: 'PUT /api/gradebook/settings', call: (c) => c.request('PUT', '/api/gradebook/settings', { subjectId: world.subjectId, mode: 'score', regularCount: 3 }), expect: all(403, { admin: 200 }) },
    { name: 'GET /api/gradebook/history', call: (c) => c.get(`/api/gradebook/history?classId=${world.classA}&subjectId=${world.subjectId}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'GET /api/gradebook/export.xlsx', call: (c) => c.get(`/api/gradebook/export.xlsx?${q()}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    { name: 'GET /api/gradebook/export.csv', call: (c) => c.get(`/api/gradebook/export.csv?${q()}`), expect: all(403, { admin: 200, teacherA: 200 }) },
    // A file that is not XLSX: the teacher gets as far as reading it (400), nobody else past the policy.
    { name: 'POST /api/gradebook/import/preview', call: (c) => c.post(`/api/gradebook/import/preview?${q()}`, bad, { contentType: xlsx }), expect: all(403, { teacherA: 400 }) },
    { name: 'POST /api/gradebook/import/apply', call: (c) => c.post(`/api/gradebook/import/apply?${q()}`, bad, { contentType: xlsx }), expect: all(403, { teacherA: 400 }) },
    { name: 'GET /api/students/:id/results', call: (c) => c.get(`/api/students/${hw.studentId}/results?schoolYear=2026-2027`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200, parentA: 200 }) },
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

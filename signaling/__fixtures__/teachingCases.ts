/**
 * School work in the authorization matrix (authorization.int.test.ts): the question bank (R16),
 * quizzes and exams (R11), assignments, grading and the gradebook (issue 8). The set-up (a bank,
 * an exam with studentA's attempt, an assignment handed in) is made by the test's beforeAll.
 */
import { SINGLE } from '../../testkit/questions.js';
import { png } from '../../testkit/docx.js';
import { tusCreate } from '../../testkit/tusRaw.js';
import type { MatrixContext, RouteCase } from './matrix.js';

export const bankRoutes = ({ world, all, bank }: MatrixContext): RouteCase[] => {
  const bankRead = all(403, { admin: 200, teacherA: 200, teacherB: 200 });
  return [
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
};

export const examRoutes = ({ world, all, bank, exam }: MatrixContext): RouteCase[] => {
  const examTeacher = all(403, { teacherA: 200 });
  return [
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
};

/** Issue 8: assignments, hand-ins, grading, files, uploads (order matters: grade, then return). */
export const assignmentCases = ({ world, all, hw, tomorrow }: MatrixContext): RouteCase[] => {
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

/** Issue 8: the gradebook and a student's results. */
export const gradebookCases = ({ world, all, hw }: MatrixContext): RouteCase[] => {
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

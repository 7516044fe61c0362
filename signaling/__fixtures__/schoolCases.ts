/**
 * The school's side in the authorization matrix (authorization.int.test.ts): materials and their
 * approval (issue 11), the school's statistics (R15), parents and class announcements (R19, R20).
 */
import type { ApiClient } from '../../testkit/apiClient.js';
import { tusCreate } from '../../testkit/tusRaw.js';
import type { MatrixContext, RouteCase } from './matrix.js';

/**
 * Issue 11: materials. teacherB heads the Toán group and the admin holds the principal's duty
 * (testkit/materialSetup.ts). Order matters: edit the draft, then submit it; the head reviews
 * before the principal; a student or a parent learns nothing of a material not given to them (404).
 */
export const materialCases = ({ world, all, mat }: MatrixContext): RouteCase[] => {
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

export const statisticsCases = ({ world, all }: MatrixContext): RouteCase[] => {
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

export const parentCases = ({ world, all }: MatrixContext): RouteCase[] => {
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

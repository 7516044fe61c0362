/** The gradebook (Circular 22/2021), its files and a student's results: docs/http-api.md "Gradebook". */
import { NameLookup, gradebookCsv, gradebookXlsx, planImport, schoolYearOf, type GradebookKey, type GradebookView, type Term } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import { gradebookHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { sharedBody, sharedQuery } from './sharedSchemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function keyOf(req: ApiRequest): GradebookKey {
  const q = sharedQuery(req, gradebookHttp.gradebookQuery);
  return { classId: q.classId, subjectId: q.subjectId, schoolYear: q.schoolYear, term: q.term as Term };
}

async function titleOf(services: Services, view: GradebookView) {
  const names = new NameLookup(services.storage);
  return { className: (await names.className(view.key.classId)) ?? '', subjectName: (await names.subjectName(view.key.subjectId)) ?? '' };
}

function fileName(t: { className: string; subjectName: string }, key: GradebookKey, ext: string): string {
  return `So-diem_${t.className}_${t.subjectName}_HK${key.term === 1 ? 'I' : 'II'}_${key.schoolYear}.${ext}`;
}

function xlsxBody(req: ApiRequest): Buffer {
  if (!req.body || req.body.length === 0) throw new ValidationError('Send the XLSX file as the body');
  return req.body;
}

export function gradebookRoutes(services: Services): ApiRoute[] {
  const caller = (req: ApiRequest) => callerOf(services, req.cookieHeader);
  return [
    {
      method: 'get',
      path: '/api/gradebook',
      handle: async (req) => {
        const { actor } = await caller(req);
        const view = await services.gradebook.view(actor, keyOf(req));
        const t = await titleOf(services, view);
        const assignments = (await services.storage.assignments.listForClass(view.key.classId, view.key.subjectId)).map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt }));
        const quizzes = (await services.gradebook.assessmentsFor(actor, view.key)).map((q) => ({ id: q.assessmentId, title: q.title, mode: q.mode, releasedAt: q.releasedAt }));
        return {
          status: 200,
          json: {
            ...view.key,
            className: t.className,
            subjectName: t.subjectName,
            mode: view.assessment.mode,
            regularCount: view.assessment.regularCount,
            slots: view.slots,
            rows: view.rows.map((r) => ({
              student: { id: r.student.userId, code: r.student.code, displayName: r.student.displayName },
              cells: Object.fromEntries(Object.entries(r.cells).map(([slot, c]) => [slot, { scoreTenths: c.scoreTenths, verdict: c.verdict, source: c.source, revision: c.revision, updatedBy: c.updatedBy, updatedAt: c.updatedAt }])),
              termAverage: r.termAverage,
              termIAverage: r.termIAverage,
              yearAverage: r.yearAverage,
              termVerdict: r.termVerdict,
            })),
            assignments,
            quizzes,
          },
        };
      },
    },
    {
      method: 'put',
      path: '/api/gradebook/cells',
      handle: async (req) => {
        const { actor } = await caller(req);
        const b = sharedBody(req, gradebookHttp.gradebookCellBody);
        const key = { classId: b.classId, subjectId: b.subjectId, schoolYear: b.schoolYear, term: b.term };
        const c = await services.gradebook.setCell(actor, key, { studentId: b.studentId, slot: b.slot, value: b.value, expectedRevision: b.expectedRevision });
        return { status: 200, json: { cell: { scoreTenths: c.scoreTenths, verdict: c.verdict, source: c.source, revision: c.revision, updatedBy: c.updatedBy, updatedAt: c.updatedAt } } };
      },
    },
    {
      method: 'post',
      path: '/api/gradebook/fill',
      handle: async (req) => {
        const { actor } = await caller(req);
        const b = sharedBody(req, gradebookHttp.gradebookFillBody);
        const key = { classId: b.classId, subjectId: b.subjectId, schoolYear: b.schoolYear, term: b.term };
        return { status: 200, json: await services.gradebook.fillColumn(actor, key, { slot: b.slot, assignmentIds: b.assignmentIds, assessmentIds: b.assessmentIds ?? [], combine: b.combine }) };
      },
    },
    {
      method: 'get',
      path: '/api/gradebook/settings',
      handle: async (req) => {
        const { actor } = await caller(req);
        const subjects = await services.gradebook.settingsOfSchool(actor);
        return { status: 200, json: { subjects: subjects.map((s) => ({ subjectId: s.subjectId, subjectName: s.subjectName, mode: s.mode, regularCount: s.regularCount })) } };
      },
    },
    {
      method: 'put',
      path: '/api/gradebook/settings',
      handle: async (req) => {
        const { actor } = await caller(req);
        const s = await services.gradebook.configure(actor, sharedBody(req, gradebookHttp.gradebookSettingsBody));
        return { status: 200, json: { subjectId: s.subjectId, mode: s.mode, regularCount: s.regularCount } };
      },
    },
    {
      method: 'get',
      path: '/api/gradebook/history',
      handle: async (req) => {
        const { actor } = await caller(req);
        const studentId = req.query.get('studentId') ?? undefined;
        const changes = await services.gradebook.history(actor, { classId: req.query.get('classId') ?? '', subjectId: req.query.get('subjectId') ?? '' }, studentId);
        const names = new NameLookup(services.storage);
        return {
          status: 200,
          json: {
            changes: await Promise.all(
              changes.map(async (c) => ({
                at: c.at, actorId: c.actorId, actorName: await names.userName(c.actorId), kind: c.kind, studentId: c.studentId, studentName: await names.userName(c.studentId),
                ref: c.ref, oldValue: c.oldValue, newValue: c.newValue, source: c.source,
              })),
            ),
          },
        };
      },
    },
    {
      method: 'get',
      path: '/api/gradebook/export.xlsx',
      handle: async (req) => {
        const { actor } = await caller(req);
        const view = await services.gradebook.view(actor, keyOf(req));
        const t = await titleOf(services, view);
        return { status: 200, file: { contentType: XLSX, body: await gradebookXlsx(view, t), filename: fileName(t, view.key, 'xlsx') } };
      },
    },
    {
      method: 'get',
      path: '/api/gradebook/export.csv',
      handle: async (req) => {
        const { actor } = await caller(req);
        const view = await services.gradebook.view(actor, keyOf(req));
        const t = await titleOf(services, view);
        return { status: 200, file: { contentType: 'text/csv; charset=utf-8', body: gradebookCsv(view, t), filename: fileName(t, view.key, 'csv') } };
      },
    },
    {
      method: 'post',
      path: '/api/gradebook/import/preview',
      maxBodyBytes: 2 * 1024 * 1024,
      handle: async (req) => {
        const { actor } = await caller(req);
        const key = keyOf(req);
        const view = await services.gradebook.view(actor, key);
        await services.gradebook.assertCanEdit(actor, key);
        const plan = await planImport(view, xlsxBody(req));
        return { status: 200, json: { ok: plan.ok, issues: plan.issues, cells: plan.cells.map(({ line, code, name, slot, from, to }) => ({ line, code, name, slot, from, to })) } };
      },
    },
    {
      method: 'post',
      path: '/api/gradebook/import/apply',
      maxBodyBytes: 2 * 1024 * 1024,
      handle: async (req) => {
        const { actor } = await caller(req);
        const key = keyOf(req);
        const view = await services.gradebook.view(actor, key);
        await services.gradebook.assertCanEdit(actor, key);
        const plan = await planImport(view, xlsxBody(req));
        if (!plan.ok) throw new ValidationError('The file has errors: nothing was imported', { details: { reason: 'import_errors', issues: plan.issues } });
        const { changed } = await services.gradebook.applyCells(actor, key, plan.cells, 'import');
        return { status: 200, json: { ok: true, issues: [], cells: plan.cells.map(({ line, code, name, slot, from, to }) => ({ line, code, name, slot, from, to })), changed } };
      },
    },
    {
      method: 'get',
      path: '/api/students/:studentId/results',
      handle: async (req) => {
        const { actor } = await caller(req);
        const year = req.query.get('schoolYear') ?? schoolYearOf(Date.now());
        if (!/^\d{4}-\d{4}$/.test(year)) throw new ValidationError('A school year is written 2026-2027');
        return { status: 200, json: await services.results.of(actor, req.params.studentId ?? '', year) };
      },
    },
  ];
}

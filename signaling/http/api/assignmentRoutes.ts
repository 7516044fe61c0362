/** Assignments, hand-ins, grading, files and the zip of all work (R10): docs/http-api.md "Assignments". */
import yazl from 'yazl';
import { NameLookup, assignmentRef, can } from '../../../classroom/index.js';
import { ConflictError } from '../../../platform/index.js';
import { assignmentsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import { blobResponse, contentDisposition } from '../download.js';
import type { ApiRequest, ApiResponse, ApiRoute } from './ApiTypes.js';
import { assignmentJson, fileJson, filesOf, gradeJson, submissionJson } from './assignmentViews.js';
import { callerOf } from './callers.js';
import { sharedBody } from './sharedSchemas.js';

export interface AssignmentRouteDeps {
  /** Finishes uploads a crash left complete in staging (the tus endpoint). */
  finishStaged(ids: readonly string[]): Promise<void>;
}

const p = (req: ApiRequest, name: string) => req.params[name] ?? '';

export function assignmentRoutes(services: Services, deps: AssignmentRouteDeps): ApiRoute[] {
  const caller = (req: ApiRequest) => callerOf(services, req.cookieHeader);
  return [
    {
      method: 'get',
      path: '/api/assignments',
      handle: async (req) => {
        const { actor } = await caller(req);
        const list = await services.assignments.listForClass(actor, req.query.get('classId') ?? '', req.query.get('subjectId') ?? '');
        const names = new NameLookup(services.storage);
        return { status: 200, json: { assignments: await Promise.all(list.map((a) => assignmentJson(names, a))) } };
      },
    },
    {
      method: 'post',
      path: '/api/assignments',
      handle: async (req) => {
        const { actor } = await caller(req);
        const a = await services.assignments.create(actor, sharedBody(req, assignmentsHttp.assignmentCreateBody));
        return { status: 201, json: { assignment: await assignmentJson(new NameLookup(services.storage), a) } };
      },
    },
    {
      method: 'get',
      path: '/api/teaching/students',
      handle: async (req) => {
        const { actor } = await caller(req);
        const roster = await services.assignments.studentsFor(actor, req.query.get('classId') ?? '', req.query.get('subjectId') ?? '');
        return { status: 200, json: { students: roster.map((r) => ({ id: r.userId, code: r.code, displayName: r.displayName })) } };
      },
    },
    {
      method: 'get',
      path: '/api/assignments/:id',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { assignment, attachments } = await services.assignments.getFor(actor, p(req, 'id'));
        const ref = assignmentRef(assignment);
        const now = Date.now();
        const open = now >= assignment.openAt && (now <= assignment.dueAt || assignment.acceptLate);
        return {
          status: 200,
          json: {
            assignment: await assignmentJson(new NameLookup(services.storage), assignment),
            attachments: attachments.map(fileJson),
            canManage: can(actor, 'assignment.manage', ref),
            canSubmit: can(actor, 'assignment.submit', ref) && open,
          },
        };
      },
    },
    {
      method: 'put',
      path: '/api/assignments/:id',
      handle: async (req) => {
        const { actor } = await caller(req);
        const a = await services.assignments.update(actor, p(req, 'id'), sharedBody(req, assignmentsHttp.assignmentUpdateBody));
        return { status: 200, json: { assignment: await assignmentJson(new NameLookup(services.storage), a) } };
      },
    },
    {
      method: 'del',
      path: '/api/assignments/:id/attachments/:fileId',
      handle: async (req) => {
        const { actor } = await caller(req);
        const blobKey = await services.assignments.removeAttachment(actor, p(req, 'id'), p(req, 'fileId'));
        await services.blobs.delete(blobKey);
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/assignments/:id/submissions',
      handle: async (req) => {
        const { actor } = await caller(req);
        const body = sharedBody(req, assignmentsHttp.handInBody);
        await deps.finishStaged(body.fileIds);
        const s = await services.assignments.handIn(actor, p(req, 'id'), body);
        const files = await filesOf(services, [s]);
        return { status: 201, json: { submission: submissionJson(s, s.fileIds.flatMap((id) => files.get(id) ?? [])) } };
      },
    },
    {
      method: 'get',
      path: '/api/assignments/:id/submissions',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { assignment, rows } = await services.grading.list(actor, p(req, 'id'));
        const files = await filesOf(services, rows.flatMap((r) => (r.latest ? [r.latest] : [])));
        return {
          status: 200,
          json: {
            assignment: await assignmentJson(new NameLookup(services.storage), assignment),
            rows: rows.map((r) => ({
              student: { id: r.student.userId, code: r.student.code, displayName: r.student.displayName },
              state: r.state,
              latest: r.latest ? submissionJson(r.latest, r.latest.fileIds.flatMap((id) => files.get(id) ?? [])) : null,
              versions: r.versions,
              grade: r.grade ? gradeJson(r.grade) : null,
            })),
          },
        };
      },
    },
    {
      method: 'get',
      path: '/api/assignments/:id/submissions/:studentId',
      handle: async (req) => {
        const { actor } = await caller(req);
        const work = await services.grading.work(actor, p(req, 'id'), p(req, 'studentId'));
        return {
          status: 200,
          json: {
            assignment: await assignmentJson(new NameLookup(services.storage), work.assignment),
            studentId: work.studentId,
            versions: work.versions.map((v) => submissionJson(v, v.files)),
            grade: work.grade ? gradeJson(work.grade) : null,
          },
        };
      },
    },
    {
      method: 'put',
      path: '/api/assignments/:id/grades/:studentId',
      handle: async (req) => {
        const { actor } = await caller(req);
        const grade = await staleAsJson(() => services.grading.save(actor, p(req, 'id'), p(req, 'studentId'), sharedBody(req, assignmentsHttp.gradeSaveBody)));
        return { status: 200, json: { grade: gradeJson(grade) } };
      },
    },
    {
      method: 'post',
      path: '/api/assignments/:id/grades/:studentId/return',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { expectedRevision } = sharedBody(req, assignmentsHttp.gradeReturnBody);
        const grade = await staleAsJson(() => services.grading.return(actor, p(req, 'id'), p(req, 'studentId'), expectedRevision));
        return { status: 200, json: { grade: gradeJson(grade) } };
      },
    },
    {
      method: 'get',
      path: '/api/students/:studentId/assignments',
      handle: async (req) => {
        const { actor } = await caller(req);
        const list = await services.assignments.listForStudent(actor, p(req, 'studentId'));
        const names = new NameLookup(services.storage);
        const items = await Promise.all(
          list.map(async (i) => ({
            assignment: await assignmentJson(names, i.assignment),
            state: i.state,
            latestVersion: i.latest?.version ?? null,
            submittedAt: i.latest?.submittedAt ?? null,
            returnedScoreTenths: i.returnedScore,
          })),
        );
        return { status: 200, json: { items } };
      },
    },
    {
      method: 'get',
      path: '/api/children',
      handle: async (req) => {
        const { actor, account } = await caller(req);
        const ids = actor.role === 'parent' ? actor.children.map((c) => c.studentId) : actor.role === 'student' ? [account.id] : [];
        const names = new NameLookup(services.storage);
        const children = await Promise.all(
          ids.map(async (id) => {
            const classId = await services.storage.schools.classOfStudent(id);
            return { id, displayName: (await names.userName(id)) ?? '', className: classId ? await names.className(classId) : null };
          }),
        );
        return { status: 200, json: { children } };
      },
    },
    {
      method: 'get',
      head: true,
      path: '/api/files/:fileId',
      handle: async (req) => {
        const { actor } = await caller(req);
        const f = await services.assignments.fileFor(actor, p(req, 'fileId'));
        return blobResponse(services.blobs, f.blobKey, req, { fileName: f.fileName, disposition: req.query.get('inline') === '1' ? 'inline' : 'attachment' });
      },
    },
    {
      method: 'get',
      head: true,
      path: '/api/assignments/:id/download.zip',
      handle: async (req) => zipOfAll(services, req),
    },
  ];
}

/** A stale grade's CONFLICT carries the stored grade in the API's shape. */
async function staleAsJson<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConflictError && err.details?.reason === 'stale') {
      const current = err.details.current as Parameters<typeof gradeJson>[0] | null;
      throw new ConflictError(err.message, 'CONFLICT', { cause: err, details: { reason: 'stale', current: current ? gradeJson(current) : null } });
    }
    throw err;
  }
}

/**
 * Every assigned student's latest work as one zip, streamed (yazl, stored without compression:
 * photos and PDF are compressed already). Each file is opened only when the zip reaches it, and
 * the total size is known in advance, so the browser shows the download's progress.
 */
async function zipOfAll(services: Services, req: ApiRequest): Promise<ApiResponse> {
  const { actor } = await callerOf(services, req.cookieHeader);
  const { fileName, entries } = await services.grading.archive(actor, req.params.id ?? '');
  const zip = new yazl.ZipFile();
  const open = new Set<NodeJS.ReadableStream & { destroy(): void }>();
  for (const e of entries) {
    if ('text' in e) {
      zip.addBuffer(Buffer.from(e.text, 'utf8'), e.path, { compress: false });
      continue;
    }
    zip.addReadStreamLazy(e.path, { size: e.size, compress: false }, (cb) => {
      services.blobs.get(e.blobKey).then(
        ({ body }) => {
          open.add(body);
          body.once('close', () => open.delete(body));
          cb(null, body);
        },
        (err: unknown) => cb(err as Error, undefined as never),
      );
    });
  }
  // @types/yazl types the callback without its argument: yazl passes the total (-1 if unknowable).
  const end = zip.end.bind(zip) as (options: object, cb: (total: number) => void) => void;
  const size = await new Promise<number>((resolve) => end({}, resolve));
  const body = zip.outputStream;
  body.once('close', () => {
    for (const s of open) s.destroy();
  });
  if (req.method === 'head') (body as unknown as { destroy(): void }).destroy();
  const headers = { 'content-disposition': contentDisposition('attachment', fileName) };
  return { status: 200, headers, stream: { contentType: 'application/zip', size: size >= 0 ? size : undefined, body: req.method === 'head' ? null : (body as never) } };
}

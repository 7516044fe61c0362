/** The parents' page, class announcements and parent accounts from CSV (R19, R20): docs/http-api.md "Parents". */
import { ValidationError } from '../../../platform/index.js';
import { parentsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { sharedBody, sharedQuery } from './sharedSchemas.js';

/** 1 MiB of CSV is some 15000 parents: more than a school has. */
const IMPORT_MAX_BYTES = 1024 * 1024;

function csvFile(req: ApiRequest): Buffer {
  if (!/^text\/(csv|plain)\b/i.test(req.contentType)) throw new ValidationError('Upload the parents as a CSV file (text/csv)');
  return req.body ?? Buffer.alloc(0);
}

export function parentRoutes(services: Services): ApiRoute[] {
  const caller = (req: ApiRequest) => callerOf(services, req.cookieHeader);
  return [
    {
      method: 'get',
      path: '/api/children/:studentId/overview',
      handle: async (req) => {
        const { actor } = await caller(req);
        const studentId = req.params.studentId ?? '';
        const overview = await services.parents.childOverview(actor, studentId, sharedQuery(req, parentsHttp.childOverviewQuery));
        if (actor.userId !== studentId) {
          // R21: someone else read a student's attendance.
          await services.storage.personalDataAudit.record({
            at: Date.now(), actorId: actor.userId, schoolId: actor.schoolId, action: 'view', subjectUserId: studentId, resource: `attendance:student:${studentId}`, ip: req.remoteAddress, detail: null,
          });
        }
        const json: parentsHttp.ChildOverviewResponse = overview;
        return { status: 200, json };
      },
    },
    {
      method: 'get',
      path: '/api/classes/:classId/announcements',
      handle: async (req) => {
        const { actor } = await caller(req);
        return { status: 200, json: { announcements: await services.parents.announcements(actor, req.params.classId ?? '') } };
      },
    },
    {
      method: 'post',
      path: '/api/classes/:classId/announcements',
      maxBodyBytes: 16 * 1024,
      handle: async (req) => {
        const { actor, account } = await caller(req);
        const a = await services.parents.announce(actor, req.params.classId ?? '', sharedBody(req, parentsHttp.announcementBody));
        return { status: 201, json: { announcement: { ...a, authorName: account.displayName } } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/parents/import/preview',
      maxBodyBytes: IMPORT_MAX_BYTES,
      handle: async (req) => {
        const { actor } = await caller(req);
        return { status: 200, json: await services.parentImport.preview(actor, csvFile(req)) };
      },
    },
    {
      method: 'post',
      path: '/api/admin/parents/import/apply',
      maxBodyBytes: IMPORT_MAX_BYTES,
      handle: async (req) => {
        const { actor } = await caller(req);
        return { status: 200, json: await services.parentImport.apply(actor, csvFile(req), { ip: req.remoteAddress }) };
      },
    },
  ];
}

/** School administration: roster import and accounts (R18, R21). Admins only. */
import { z } from 'zod';
import { ROLES, assertCan, ownSchool, type RosterKind } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { queryParams } from './json.js';
import { userJson } from './views.js';

const kindQuery = z.object({ kind: z.enum(['students', 'teachers']) }).strict();
const roleQuery = z.object({ role: z.enum(ROLES as [string, ...string[]]).optional() }).strict();
/** A roster file: 2 MiB is ~20000 students, more than any school. */
const ROSTER_MAX_BYTES = 2 * 1024 * 1024;

function csvFile(req: ApiRequest): Buffer {
  if (!/^text\/(csv|plain)\b/i.test(req.contentType)) throw new ValidationError('Upload the roster as a CSV file (text/csv)');
  return req.body ?? Buffer.alloc(0);
}

export function accountRoutes(services: Services): ApiRoute[] {
  return [
    {
      method: 'post',
      path: '/api/admin/roster/preview',
      maxBodyBytes: ROSTER_MAX_BYTES,
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { kind } = queryParams(req, kindQuery);
        return { status: 200, json: await services.roster.preview(actor, csvFile(req), kind as RosterKind) };
      },
    },
    {
      method: 'post',
      path: '/api/admin/roster/apply',
      maxBodyBytes: ROSTER_MAX_BYTES,
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { kind } = queryParams(req, kindQuery);
        return { status: 200, json: await services.roster.apply(actor, csvFile(req), kind as RosterKind, { ip: req.remoteAddress }) };
      },
    },
    {
      method: 'get',
      path: '/api/admin/accounts',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        assertCan(actor, 'account.manage', ownSchool(actor));
        const { role } = queryParams(req, roleQuery);
        const accounts = await services.storage.accounts.listBySchool(actor.schoolId, role as (typeof ROLES)[number] | undefined);
        await services.storage.personalDataAudit.record({
          at: Date.now(),
          actorId: actor.userId,
          schoolId: actor.schoolId,
          action: 'view',
          subjectUserId: null,
          resource: `accounts:${role ?? 'all'}`,
          ip: req.remoteAddress,
          detail: `${accounts.length} accounts`,
        });
        return { status: 200, json: { accounts: await Promise.all(accounts.map((a) => userJson(services, a))) } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/accounts/:userId/reset-password',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const result = await services.accounts.resetPassword(actor, req.params.userId ?? '', { ip: req.remoteAddress, userAgent: req.userAgent });
        return { status: 200, json: result };
      },
    },
  ];
}

/** School administration: structure, roster import, accounts (R15, R18, R21). Admins only. */
import { z } from 'zod';
import { ROLES, assertCan, type Actor, type RosterKind } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody, queryParams } from './json.js';
import { userJson } from './views.js';

const name = z.string().trim().min(1).max(100);
const kindQuery = z.object({ kind: z.enum(['students', 'teachers']) }).strict();
const roleQuery = z.object({ role: z.enum(ROLES as [string, ...string[]]).optional() }).strict();
/** A roster file: 2 MiB is ~20000 students, more than any school. */
const ROSTER_MAX_BYTES = 2 * 1024 * 1024;

function schoolRef(actor: Actor) {
  return { kind: 'school' as const, schoolId: actor.schoolId };
}

function csvFile(req: ApiRequest): Buffer {
  if (!/^text\/(csv|plain)\b/i.test(req.contentType)) throw new ValidationError('Upload the roster as a CSV file (text/csv)');
  return req.body ?? Buffer.alloc(0);
}

export function adminRoutes(services: Services): ApiRoute[] {
  const admin = async (req: ApiRequest) => {
    const caller = await callerOf(services, req.cookieHeader);
    assertCan(caller.actor, 'school.manage', schoolRef(caller.actor));
    return caller;
  };
  const { schools } = services.storage;
  return [
    {
      method: 'get',
      path: '/api/admin/school',
      handle: async (req) => {
        const { actor } = await admin(req);
        const [school, grades, classes, subjects] = await Promise.all([
          schools.getSchool(actor.schoolId),
          schools.listGrades(actor.schoolId),
          schools.listClasses(actor.schoolId),
          schools.listSubjects(actor.schoolId),
        ]);
        const withCounts = await Promise.all(classes.map(async (c) => ({ ...c, studentCount: (await schools.rosterOfClass(c.id)).length })));
        return { status: 200, json: { school, grades, classes: withCounts, subjects } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/grades',
      handle: async (req) => {
        const { actor } = await admin(req);
        const body = jsonBody(req, z.object({ name, level: z.number().int().min(1).max(12) }).strict());
        return { status: 201, json: { grade: await services.schools.addGrade(actor, body) } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/classes',
      handle: async (req) => {
        const { actor } = await admin(req);
        const body = jsonBody(req, z.object({ gradeId: z.string().min(1).max(64), name }).strict());
        return { status: 201, json: { class: await services.schools.addClass(actor, body) } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/subjects',
      handle: async (req) => {
        const { actor } = await admin(req);
        return { status: 201, json: { subject: await services.schools.addSubject(actor, jsonBody(req, z.object({ name }).strict())) } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/parents',
      handle: async (req) => {
        const { actor } = await admin(req);
        const body = jsonBody(
          req,
          z
            .object({
              username: z.string().trim().min(3).max(64),
              displayName: name,
              childCodes: z.array(z.string().trim().min(1).max(20)).min(1).max(10),
            })
            .strict(),
        );
        return { status: 201, json: { created: await services.schools.createParent(actor, body) } };
      },
    },
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
        assertCan(actor, 'account.manage', schoolRef(actor));
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

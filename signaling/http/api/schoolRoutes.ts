/** School administration: grades, classes, subjects, parent accounts (R15, R18, R20). Admins only. */
import { z } from 'zod';
import { assertCan, ownSchool } from '../../../classroom/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody } from './json.js';

const name = z.string().trim().min(1).max(100);

export function schoolRoutes(services: Services): ApiRoute[] {
  const admin = async (req: ApiRequest) => {
    const caller = await callerOf(services, req.cookieHeader);
    assertCan(caller.actor, 'school.manage', ownSchool(caller.actor));
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
  ];
}

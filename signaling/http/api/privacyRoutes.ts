/** Personal data (R21): one student's export and erasure, and the security logs. Admins only. */
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody, queryParams } from './json.js';

const auditQuery = z
  .object({
    log: z.enum(['logins', 'access']),
    userId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    since: z.coerce.number().int().min(0).optional(),
    until: z.coerce.number().int().min(0).optional(),
  })
  .strict();
const eraseBody = z.object({ confirmCode: z.string().max(64) }).strict();

const origin = (req: ApiRequest) => ({ ip: req.remoteAddress });

export function privacyRoutes(services: Services): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/admin/students/:userId/export',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { fileName, data } = await services.studentData.exportFor(actor, req.params.userId ?? '', origin(req));
        const body = `${JSON.stringify(data, null, 2)}\n`;
        return { status: 200, file: { contentType: 'application/json; charset=utf-8', body, filename: fileName } };
      },
    },
    {
      method: 'post',
      path: '/api/admin/students/:userId/erase',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { confirmCode } = jsonBody(req, eraseBody);
        return { status: 200, json: await services.studentData.erase(actor, req.params.userId ?? '', confirmCode, origin(req)) };
      },
    },
    {
      method: 'get',
      path: '/api/admin/audit',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        return { status: 200, json: await services.audit.read(actor, queryParams(req, auditQuery), origin(req)) };
      },
    },
  ];
}

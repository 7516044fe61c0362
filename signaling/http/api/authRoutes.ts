/** Signing in and out, the first-login password change, and "who am I" (R3). */
import { z } from 'zod';
import type { Clock } from '../../../platform/index.js';
import type { Services } from '../../services.js';
import { clearedSessionCookie, sessionCookie } from '../cookies.js';
import type { ApiRoute } from './ApiTypes.js';
import { callerOf, sessionToken } from './callers.js';
import { jsonBody } from './json.js';
import { userJson } from './views.js';

const loginBody = z.object({ login: z.string().min(1).max(128), password: z.string().min(1).max(512) }).strict();
const passwordBody = z.object({ currentPassword: z.string().min(1).max(512), newPassword: z.string().min(1).max(512) }).strict();

export function authRoutes(services: Services, deps: { clock: Clock; secureCookies: boolean }): ApiRoute[] {
  const cookie = (token: string, expiresAt: number) => sessionCookie(token, (expiresAt - deps.clock.now()) / 1000, deps.secureCookies);
  return [
    {
      method: 'post',
      path: '/api/auth/login',
      handle: async (req) => {
        const body = jsonBody(req, loginBody);
        const result = await services.accounts.login({ ...body, ip: req.remoteAddress, userAgent: req.userAgent });
        return {
          status: 200,
          json: { user: await userJson(services, result.account), mustChangePassword: result.mustChangePassword },
          headers: { 'set-cookie': cookie(result.token, result.expiresAt) },
        };
      },
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      handle: async (req) => {
        const token = sessionToken(req.cookieHeader);
        if (token) await services.sessions.logout(token, { ip: req.remoteAddress, userAgent: req.userAgent });
        return { status: 204, headers: { 'set-cookie': clearedSessionCookie(deps.secureCookies) } };
      },
    },
    {
      method: 'post',
      path: '/api/auth/password',
      handle: async (req) => {
        const caller = await callerOf(services, req.cookieHeader, { allowPasswordChange: true });
        const body = jsonBody(req, passwordBody);
        const { expiresAt } = await services.accounts.changePassword({ token: caller.token, ...body, ip: req.remoteAddress, userAgent: req.userAgent });
        return {
          status: 200,
          json: { user: await userJson(services, caller.account), mustChangePassword: false },
          headers: { 'set-cookie': cookie(caller.token, expiresAt) },
        };
      },
    },
    {
      method: 'get',
      path: '/api/me',
      handle: async (req) => {
        const caller = await callerOf(services, req.cookieHeader, { allowPasswordChange: true });
        return { status: 200, json: { user: await userJson(services, caller.account), mustChangePassword: caller.passwordChangeOnly } };
      },
    },
  ];
}

/** Scheduling, cancelling, guest links and attendance of lessons (R8, R19). */
import { z } from 'zod';
import { assertCan, cleanGuestName, lessonRef } from '../../../classroom/index.js';
import { newId, type Clock } from '../../../platform/index.js';
import type { JoinLinks } from '../../auth/JoinLinks.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody } from './json.js';
import { lessonJson, timetableJson } from './views.js';

const id = z.string().min(1).max(64);
const lessonFields = {
  classId: id,
  subjectId: id,
  title: z.string().min(1).max(200).optional(),
  password: z.string().min(4).max(64).optional(),
};
const scheduleBody = z
  .object({
    ...lessonFields,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
    start: z.string().regex(/^\d{2}:\d{2}$/, 'use HH:MM'),
    end: z.string().regex(/^\d{2}:\d{2}$/, 'use HH:MM'),
  })
  .strict();
const startNowBody = z.object({ ...lessonFields, durationMinutes: z.number().int().min(5).max(240).optional() }).strict();
/** Length is checked after cleaning (cleanGuestName); the raw text only has an upper bound. */
const guestBody = z.object({ name: z.string().max(256) }).strict();

export interface LessonRouteDeps {
  clock: Clock;
  links: JoinLinks;
  publicUrl: string;
}

export function lessonRoutes(services: Services, deps: LessonRouteDeps): ApiRoute[] {
  const origin = (req: ApiRequest) => ({ ip: req.remoteAddress });
  return [
    {
      method: 'post',
      path: '/api/lessons',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const lesson = await services.lessons.schedule(actor, jsonBody(req, scheduleBody));
        return { status: 201, json: { lesson: lessonJson(lesson) } };
      },
    },
    {
      method: 'post',
      path: '/api/lessons/start-now',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const lesson = await services.lessons.startNow(actor, jsonBody(req, startNowBody));
        return { status: 201, json: { lesson: lessonJson(lesson) } };
      },
    },
    {
      method: 'get',
      path: '/api/lessons/:lessonId',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        return { status: 200, json: timetableJson(actor, await services.lessons.entryFor(actor, req.params.lessonId ?? '')) };
      },
    },
    {
      method: 'post',
      path: '/api/lessons/:lessonId/cancel',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        await services.lessons.cancel(actor, req.params.lessonId ?? '');
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/lessons/:lessonId/guest-link',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const lesson = await services.lessons.getFor(actor, req.params.lessonId ?? '');
        assertCan(actor, 'lesson.host', lessonRef(lesson));
        const name = cleanGuestName(jsonBody(req, guestBody).name);
        // Valid until an hour after the scheduled end: a guest link must not outlive its lesson.
        const expiresAt = Math.max(lesson.scheduledEnd, deps.clock.now()) + 3_600_000;
        const grant = { lessonId: lesson.id, userId: newId('guest'), name, role: 'teacher' as const };
        return { status: 201, json: { url: deps.links.url(deps.publicUrl, grant, expiresAt - deps.clock.now()), expiresAt } };
      },
    },
    {
      method: 'get',
      path: '/api/lessons/:lessonId/attendance',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        return { status: 200, json: await services.attendance.tableFor(actor, req.params.lessonId ?? '', origin(req)) };
      },
    },
    {
      method: 'get',
      path: '/api/lessons/:lessonId/attendance.csv',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { fileName, bytes } = await services.attendance.csvFor(actor, req.params.lessonId ?? '', origin(req));
        return { status: 200, file: { contentType: 'text/csv; charset=utf-8', body: bytes, filename: fileName } };
      },
    },
  ];
}

/** The timetable, scheduling, guest links and attendance of lessons (R8, R19). */
import { z } from 'zod';
import { assertCan, lessonRef, NameLookup, type Actor, type TimetableEntry } from '../../../classroom/index.js';
import { NotAuthorizedError, newId, type Clock } from '../../../platform/index.js';
import type { JoinLinks } from '../../auth/JoinLinks.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody, queryParams } from './json.js';
import { lessonJson, timetableJson } from './views.js';

const DAY = 86_400_000;
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
const guestBody = z.object({ name: z.string().trim().min(1).max(64) }).strict();
const timetableQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(14) }).strict();

export interface LessonRouteDeps {
  clock: Clock;
  links: JoinLinks;
  publicUrl: string;
}

async function timetableOf(services: Services, actor: Actor, days: number, now: number): Promise<TimetableEntry[]> {
  const range = { from: now, to: now + days * DAY };
  switch (actor.role) {
    case 'student':
      return services.lessons.timetableForStudent(actor.userId, range);
    case 'parent':
      return services.lessons.timetableForParent(actor.userId, range);
    case 'teacher':
      return services.lessons.timetableForTeacher(actor.userId, range);
    case 'admin': {
      const classes = await services.storage.schools.listClasses(actor.schoolId);
      const all = await Promise.all(classes.map((c) => services.lessons.timetableForClass(actor, c.id, range)));
      return all.flat().sort((a, b) => a.lesson.scheduledStart - b.lesson.scheduledStart);
    }
  }
}

export function lessonRoutes(services: Services, deps: LessonRouteDeps): ApiRoute[] {
  const origin = (req: ApiRequest) => ({ ip: req.remoteAddress });
  return [
    {
      method: 'get',
      path: '/api/timetable',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { days } = queryParams(req, timetableQuery);
        const entries = await timetableOf(services, actor, days, deps.clock.now());
        return { status: 200, json: { entries: entries.map((e) => timetableJson(actor, e)) } };
      },
    },
    {
      method: 'get',
      path: '/api/teaching',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        if (actor.role !== 'teacher') throw new NotAuthorizedError('Only teachers have teaching assignments');
        const names = new NameLookup(services.storage);
        const assignments = await Promise.all(
          actor.teaches.map(async (a) => ({
            classId: a.classId,
            className: (await names.className(a.classId)) ?? '',
            subjectId: a.subjectId,
            subjectName: (await names.subjectName(a.subjectId)) ?? '',
          })),
        );
        return { status: 200, json: { assignments } };
      },
    },
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
        const { name } = jsonBody(req, guestBody);
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

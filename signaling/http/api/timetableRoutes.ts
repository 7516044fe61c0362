/** The timetable of online lessons and a teacher's assignments (R19). */
import { z } from 'zod';
import { NameLookup, type Actor, type TimetableEntry } from '../../../classroom/index.js';
import { NotAuthorizedError, type Clock } from '../../../platform/index.js';
import type { Services } from '../../services.js';
import type { ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { queryParams } from './json.js';
import { timetableJson } from './views.js';

const DAY = 86_400_000;
const timetableQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(14) }).strict();

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

export function timetableRoutes(services: Services, deps: { clock: Clock }): ApiRoute[] {
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
  ];
}

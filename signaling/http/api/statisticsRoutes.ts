/** The school's statistics (R15) and their XLSX export: docs/http-api.md "Statistics". */
import { VIETNAM_UTC_OFFSET_MINUTES, can, ownSchool, statisticsXlsx, type Actor, type StatisticsReport } from '../../../classroom/index.js';
import { statisticsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { sharedQuery } from './sharedSchemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function statisticsRoutes(services: Services): ApiRoute[] {
  const read = async (req: ApiRequest) => {
    const { actor } = await callerOf(services, req.cookieHeader);
    const q = sharedQuery(req, statisticsHttp.statisticsQuery);
    const report = await services.statistics.report(actor, q);
    return { actor, report };
  };
  const teacherName = (r: StatisticsReport) => (r.scope.kind === 'teacher' ? r.tables.teacher.find((t) => t.id === (r.scope as { teacherId: string }).teacherId)?.name ?? null : null);
  return [
    {
      method: 'get',
      path: '/api/statistics',
      handle: async (req) => {
        const { actor, report } = await read(req);
        const json: statisticsHttp.StatisticsResponse = {
          from: report.from,
          to: report.to,
          teacherId: report.scope.kind === 'teacher' ? report.scope.teacherId : null,
          total: report.total,
          tables: report.tables,
          teachers: await narrowable(services, actor),
          generatedAt: report.generatedAt,
        };
        return { status: 200, json };
      },
    },
    {
      method: 'get',
      path: '/api/statistics/export.xlsx',
      handle: async (req) => {
        const { actor, report } = await read(req);
        const school = await services.storage.schools.getSchool(actor.schoolId);
        const body = await statisticsXlsx(report, { schoolName: school?.name ?? '', teacherName: teacherName(report), utcOffsetMinutes: VIETNAM_UTC_OFFSET_MINUTES });
        const q = sharedQuery(req, statisticsHttp.statisticsQuery);
        return { status: 200, file: { contentType: XLSX, body, filename: `Thong-ke_${q.from}_${q.to}.xlsx` } };
      },
    },
  ];
}

/** The teachers a school reader may narrow the report to; none for a teacher. */
async function narrowable(services: Services, actor: Actor): Promise<Array<{ id: string; name: string }>> {
  if (!can(actor, 'school.readReports', ownSchool(actor))) return [];
  return (await services.storage.accounts.listBySchool(actor.schoolId, 'teacher')).map((t) => ({ id: t.id, name: t.displayName }));
}

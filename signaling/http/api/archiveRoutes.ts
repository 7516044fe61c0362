/**
 * The archive of teaching records over HTTP (issue 9, R17): bundles (ask, list with progress,
 * retry, download with Range so that a broken download resumes), the school's archive settings,
 * the retention dry run and its confirmation, and holds. Who may do what is classroom/archive's
 * rule ('archive.export': admin and principal; 'archive.manage': admin).
 */
import type { ArchiveJob } from '../../../classroom/index.js';
import { archiveHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import { blobResponse } from '../download.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody } from './json.js';

export function archiveRoutes(services: Services): ApiRoute[] {
  const p = (req: ApiRequest, name: string) => req.params[name] ?? '';
  const actorOf = async (req: ApiRequest) => (await callerOf(services, req.cookieHeader)).actor;
  const view = async (jobs: ArchiveJob[]): Promise<archiveHttp.BundleViewJson[]> => {
    const names = new Map<string, string>();
    for (const j of jobs) if (!names.has(j.classId)) names.set(j.classId, (await services.storage.schools.getClass(j.classId))?.name ?? '');
    return jobs.map((j) => ({ id: j.id, classId: j.classId, className: names.get(j.classId) ?? '', from: j.from, to: j.to, label: j.label, state: j.state, progress: j.progress, doneBytes: j.doneBytes, totalBytes: j.totalBytes, etaMs: j.etaMs, error: j.error, bytes: j.bytes, createdAt: j.createdAt }));
  };
  return [
    {
      method: 'post',
      path: '/api/archive/bundles',
      handle: async (req) => {
        const job = await services.archive.request(await actorOf(req), jsonBody(req, archiveHttp.bundleRequest));
        return { status: 202, json: { bundle: (await view([job]))[0] } };
      },
    },
    {
      method: 'get',
      path: '/api/archive/bundles',
      handle: async (req) => {
        const actor = await actorOf(req);
        const bundles = await view(await services.archive.jobs(actor));
        // services.archive.jobs checked archive.export for the caller's school.
        const classes = (await services.storage.schools.listClasses(actor.schoolId)).map((c) => ({ id: c.id, name: c.name }));
        const json: archiveHttp.BundleListJson = { bundles, classes };
        return { status: 200, json };
      },
    },
    {
      method: 'post',
      path: '/api/archive/bundles/:id/retry',
      handle: async (req) => {
        await services.archive.retry(await actorOf(req), p(req, 'id'));
        return { status: 204 };
      },
    },
    {
      method: 'get',
      head: true,
      path: '/api/archive/bundles/:id/download',
      handle: async (req) => {
        const { blobKey, fileName } = await services.archive.download(await actorOf(req), p(req, 'id'), { ip: req.remoteAddress });
        return blobResponse(services.blobs, blobKey, req, { fileName, disposition: 'attachment' });
      },
    },
    {
      method: 'get',
      path: '/api/archive/settings',
      handle: async (req) => ({ status: 200, json: await services.archive.settings(await actorOf(req)) }),
    },
    {
      method: 'put',
      path: '/api/archive/settings',
      handle: async (req) => ({ status: 200, json: await services.archive.saveSettings(await actorOf(req), jsonBody(req, archiveHttp.archiveSettings)) }),
    },
    {
      method: 'get',
      path: '/api/archive/retention',
      handle: async (req) => ({ status: 200, json: await services.retention.preview(await actorOf(req)) }),
    },
    {
      method: 'post',
      path: '/api/archive/retention',
      // Ids of a whole dry run: up to 100,000 of 64 characters each.
      maxBodyBytes: 8 * 1024 * 1024,
      handle: async (req) => ({ status: 200, json: await services.retention.confirm(await actorOf(req), jsonBody(req, archiveHttp.retentionConfirm)) }),
    },
    {
      method: 'put',
      path: '/api/archive/holds/lessons/:lessonId',
      handle: async (req) => {
        await services.archive.holdLesson(await actorOf(req), p(req, 'lessonId'), jsonBody(req, archiveHttp.holdBody).hold);
        return { status: 204 };
      },
    },
    {
      method: 'put',
      path: '/api/archive/holds/recordings/:id',
      handle: async (req) => {
        await services.archive.holdRecording(await actorOf(req), p(req, 'id'), jsonBody(req, archiveHttp.holdBody).hold);
        return { status: 204 };
      },
    },
  ];
}

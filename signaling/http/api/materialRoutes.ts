/**
 * The materials library and its approval (R9, art. 7.3), classes' materials and their use (R12),
 * staff duties: docs/http-api.md "Materials". Who may do what is the domain's rule
 * (classroom/materials); a route reads the caller, checks the body's shape, and maps to JSON.
 */
import { NameLookup, assertCan, can, materialRef, ownSchool, subjectRef, type Actor, type MaterialDetail } from '../../../classroom/index.js';
import { NotFoundError } from '../../../platform/index.js';
import { materialsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import { blobResponse } from '../download.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { classMaterialJson, materialJson, reviewJson, versionJson } from './materialViews.js';
import { sharedBody } from './sharedSchemas.js';

const p = (req: ApiRequest, name: string) => req.params[name] ?? '';

export interface MaterialRouteDeps {
  /** Finishes uploads a crash left complete in staging (the tus endpoint). */
  finishStaged(ids: readonly string[]): Promise<void>;
}

export function materialRoutes(services: Services, deps: MaterialRouteDeps): ApiRoute[] {
  const caller = (req: ApiRequest) => callerOf(services, req.cookieHeader);
  const detail = async (actor: Actor, d: MaterialDetail): Promise<materialsHttp.MaterialDetailJson> => detailJson(services, actor, d);
  const finish = async (fileId: string | undefined) => (fileId ? deps.finishStaged([fileId]) : undefined);
  return [
    {
      method: 'get',
      path: '/api/materials',
      handle: async (req) => {
        const { actor } = await caller(req);
        const q = req.query;
        const list = await services.materials.list(actor, { subjectId: q.get('subjectId') ?? undefined, gradeId: q.get('gradeId') ?? undefined, topic: q.get('topic')?.slice(0, 200) ?? undefined });
        const names = new NameLookup(services.storage);
        return { status: 200, json: { materials: await Promise.all(list.map((m) => materialJson(services, names, m))) } };
      },
    },
    {
      method: 'get',
      path: '/api/materials/meta',
      handle: async (req) => {
        const { actor } = await caller(req);
        const names = new NameLookup(services.storage);
        const [subjects, grades] = await Promise.all([services.storage.schools.listSubjects(actor.schoolId), services.storage.schools.listGrades(actor.schoolId)]);
        const teaching = await Promise.all(
          actor.teaches.map(async (t) => ({ classId: t.classId, className: (await names.className(t.classId)) ?? '', subjectId: t.subjectId })),
        );
        const meta: materialsHttp.MaterialsMetaJson = {
          subjects: subjects.map((x) => ({ id: x.id, name: x.name })),
          grades: grades.map((g) => ({ id: g.id, name: g.name })),
          teaching,
          classId: actor.classId,
          principal: actor.duties.principal,
          headOf: [...actor.duties.headOf],
          canImport: can(actor, 'material.import', ownSchool(actor)),
        };
        return { status: 200, json: meta };
      },
    },
    {
      method: 'get',
      path: '/api/materials/queue',
      handle: async (req) => {
        const { actor } = await caller(req);
        const names = new NameLookup(services.storage);
        const list = await services.materials.queue(actor);
        return { status: 200, json: { materials: await Promise.all(list.map((m) => materialJson(services, names, m))) } };
      },
    },
    {
      method: 'post',
      path: '/api/materials',
      handle: async (req) => {
        const { actor } = await caller(req);
        const body = sharedBody(req, materialsHttp.materialCreateBody);
        await finish(body.fileId);
        return { status: 201, json: await detail(actor, await services.materials.create(actor, body)) };
      },
    },
    {
      method: 'post',
      path: '/api/materials/import',
      handle: async (req) => {
        const { actor } = await caller(req);
        const body = sharedBody(req, materialsHttp.materialImportBody);
        await finish(body.fileId);
        return { status: 201, json: await detail(actor, await services.materials.importApproved(actor, body)) };
      },
    },
    {
      method: 'get',
      path: '/api/materials/:id',
      handle: async (req) => {
        const { actor } = await caller(req);
        return { status: 200, json: await detail(actor, await services.materials.detail(actor, p(req, 'id'))) };
      },
    },
    {
      method: 'put',
      path: '/api/materials/:id',
      handle: async (req) => {
        const { actor } = await caller(req);
        const body = sharedBody(req, materialsHttp.materialEditBody);
        await finish(body.fileId);
        return { status: 200, json: await detail(actor, await services.materials.edit(actor, p(req, 'id'), body)) };
      },
    },
    {
      method: 'post',
      path: '/api/materials/:id/submit',
      handle: async (req) => {
        const { actor } = await caller(req);
        return { status: 200, json: await detail(actor, await services.materials.submit(actor, p(req, 'id'))) };
      },
    },
    {
      method: 'post',
      path: '/api/materials/:id/review',
      handle: async (req) => {
        const { actor } = await caller(req);
        const body = sharedBody(req, materialsHttp.materialReviewBody);
        return { status: 200, json: await detail(actor, await services.materials.review(actor, p(req, 'id'), body)) };
      },
    },
    {
      method: 'post',
      path: '/api/materials/:id/shares',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { classId } = sharedBody(req, materialsHttp.classBody);
        const share = await services.materialAccess.share(actor, p(req, 'id'), classId);
        return { status: 201, json: { share: { classId: share.classId, sharedAt: share.sharedAt } } };
      },
    },
    {
      method: 'get',
      head: true,
      path: '/api/materials/:id/file',
      handle: async (req) => {
        const { actor } = await caller(req);
        const v = Number(req.query.get('version') ?? '');
        const { file } = await services.materialAccess.file(actor, p(req, 'id'), Number.isInteger(v) && v >= 1 ? v : null);
        return blobResponse(services.blobs, file.blobKey, req, { fileName: file.fileName, disposition: req.query.get('inline') === '1' ? 'inline' : 'attachment' });
      },
    },
    ...usageRoutes(services),
  ];
}

/** Classes' materials, openings and their progress, usage and reminders (R12). */
function usageRoutes(services: Services): ApiRoute[] {
  const caller = (req: ApiRequest) => callerOf(services, req.cookieHeader);
  return [
    {
      method: 'get',
      path: '/api/classes/:classId/materials',
      handle: async (req) => {
        const { actor } = await caller(req);
        const names = new NameLookup(services.storage);
        const list = await services.materialAccess.ofClass(actor, p(req, 'classId'));
        return { status: 200, json: { materials: await Promise.all(list.map((c) => classMaterialJson(services, names, c))) } };
      },
    },
    {
      method: 'get',
      path: '/api/my/materials/:id',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { material, version } = await services.materialAccess.forStudent(actor, p(req, 'id'));
        const names = new NameLookup(services.storage);
        return { status: 200, json: { id: material.id, subjectName: (await names.subjectName(material.subjectId)) ?? '', topic: material.topic, version: await versionJson(services, material.id, version) } };
      },
    },
    {
      method: 'post',
      path: '/api/materials/:id/views',
      handle: async (req) => {
        const { actor } = await caller(req);
        const view = await services.materialAccess.open(actor, p(req, 'id'));
        return { status: 201, json: { viewId: view.id, version: view.version } };
      },
    },
    {
      method: 'put',
      path: '/api/material-views/:viewId',
      handle: async (req) => {
        const { actor } = await caller(req);
        const view = await services.materialAccess.progress(actor, p(req, 'viewId'), sharedBody(req, materialsHttp.viewProgressBody));
        return { status: 200, json: { seconds: view.seconds, pagesSeen: view.pages.length, watchedPermille: view.watchedPermille } };
      },
    },
    {
      method: 'get',
      path: '/api/materials/:id/usage',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { rows } = await services.materialAccess.usage(actor, p(req, 'id'), req.query.get('classId') ?? '');
        return { status: 200, json: { rows: rows satisfies materialsHttp.UsageRowJson[] } };
      },
    },
    {
      method: 'post',
      path: '/api/materials/:id/remind',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { classId } = sharedBody(req, materialsHttp.classBody);
        return { status: 200, json: { reminded: await services.materialAccess.remind(actor, p(req, 'id'), classId) } };
      },
    },
    {
      method: 'get',
      path: '/api/staff/duties',
      handle: async (req) => {
        const { actor } = await caller(req);
        assertCan(actor, 'school.manage', ownSchool(actor));
        return { status: 200, json: { duties: await services.storage.schools.dutiesInSchool(actor.schoolId) } };
      },
    },
    {
      method: 'put',
      path: '/api/staff/:userId/duties',
      handle: async (req) => {
        const { actor } = await caller(req);
        const { duties } = sharedBody(req, materialsHttp.dutiesBody);
        return { status: 200, json: { duties: await services.schools.setDuties(actor, p(req, 'userId'), duties) } };
      },
    },
  ];
}

async function detailJson(services: Services, actor: Actor, d: MaterialDetail): Promise<materialsHttp.MaterialDetailJson> {
  const names = new NameLookup(services.storage);
  const { material: m } = d;
  const latest = d.versions.at(-1);
  if (!latest) throw new NotFoundError('No such material');
  const canReview =
    (latest.state === 'submitted' && can(actor, 'material.review', subjectRef(m.schoolId, m.subjectId))) || (latest.state === 'reviewed' && can(actor, 'material.approve', ownSchool(actor)));
  const classes = actor.teaches.filter((t) => t.subjectId === m.subjectId);
  const shareClasses = await Promise.all(
    classes.map(async (t) => ({ id: t.classId, name: (await names.className(t.classId)) ?? '', shared: (await services.storage.materials.getShare(m.id, t.classId)) !== undefined })),
  );
  return {
    material: await materialJson(services, names, m, latest),
    versions: await Promise.all(d.versions.map((v) => versionJson(services, m.id, v))),
    reviews: await Promise.all(d.reviews.map((r) => reviewJson(names, r))),
    canEdit: can(actor, 'material.manage', materialRef(m)),
    canReview,
    shareClasses,
  };
}

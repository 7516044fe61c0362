/** JSON of materials (proto/http/materials.ts), from domain objects. Students get the approved version only. */
import type { ClassMaterial, Material, MaterialReview, MaterialVersion, NameLookup, StoredFile } from '../../../classroom/index.js';
import type { materialsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';

export async function versionJson(services: Services, materialId: string, v: MaterialVersion): Promise<materialsHttp.MaterialVersionJson> {
  let file: materialsHttp.MaterialFileJson | null = null;
  if (v.uploadId !== null) {
    const f = (await services.storage.uploads.get(v.uploadId)) as StoredFile | undefined;
    if (f?.blobKey) file = { fileName: f.fileName, size: f.size, mediaType: f.mediaType, url: `/api/materials/${materialId}/file?version=${v.version}` };
  }
  return { version: v.version, kind: v.kind, title: v.title, description: v.description, state: v.state, file, url: v.url, body: v.body, createdAt: v.createdAt };
}

export async function materialJson(services: Services, names: NameLookup, m: Material, latest?: MaterialVersion): Promise<materialsHttp.MaterialJson> {
  const v = latest ?? (await services.storage.materials.version(m.id, m.latestVersion))!;
  const grade = (await services.storage.schools.listGrades(m.schoolId)).find((g) => g.id === m.gradeId);
  return {
    id: m.id,
    subjectId: m.subjectId,
    subjectName: (await names.subjectName(m.subjectId)) ?? '',
    gradeId: m.gradeId,
    gradeName: grade?.name ?? '',
    topic: m.topic,
    ownerId: m.ownerId,
    ownerName: (await names.userName(m.ownerId)) ?? '',
    source: m.source,
    latestVersion: m.latestVersion,
    approvedVersion: m.approvedVersion,
    state: v.state,
    title: v.title,
    updatedAt: m.updatedAt,
  };
}

export async function reviewJson(names: NameLookup, r: MaterialReview): Promise<materialsHttp.MaterialReviewJson> {
  return { version: r.version, actorName: (await names.userName(r.actorId)) ?? '', step: r.step, comment: r.comment, at: r.at };
}

export async function classMaterialJson(services: Services, names: NameLookup, c: ClassMaterial): Promise<materialsHttp.ClassMaterialJson> {
  return {
    id: c.material.id,
    subjectName: (await names.subjectName(c.material.subjectId)) ?? '',
    topic: c.material.topic,
    version: await versionJson(services, c.material.id, c.version),
    sharedAt: c.share.sharedAt,
    opened: c.opened,
    reminded: c.reminded,
  };
}

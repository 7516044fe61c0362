/**
 * HTTP shapes of the materials library, its approval (art. 7.3), classes' materials and their use
 * (R9, R12), and of staff duties: ONE zod/mini schema per body, imported by the server
 * (signaling/http/api/materialRoutes.ts) and the client (client/net/materialsApi.ts).
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const kind = z.enum(['file', 'link', 'page']);

const content = {
  kind,
  title: z.string().check(z.maxLength(400)),
  description: z.optional(z.string().check(z.maxLength(4_000))),
  /** kind 'file': a finished upload (tus, purpose "material", target = the subject id). */
  fileId: z.optional(id),
  /** kind 'link': http(s) only. */
  url: z.optional(z.string().check(z.maxLength(2_000))),
  /** kind 'page': rich text with `$…$` math (sanitized by the server). */
  body: z.optional(z.string().check(z.maxLength(60_000))),
};

/** POST /api/materials */
export const materialCreateBody = z.strictObject({ subjectId: id, gradeId: id, topic: z.optional(z.string().check(z.maxLength(400))), ...content });
export type MaterialCreateBody = z.infer<typeof materialCreateBody>;

/** POST /api/materials/import: a ministry or province material, added as approved. */
export const materialImportBody = z.strictObject({ ...materialCreateBody.shape, source: z.enum(['ministry', 'province']) });
export type MaterialImportBody = z.infer<typeof materialImportBody>;

/** PUT /api/materials/:id: a new version. */
export const materialEditBody = z.strictObject(content);
export type MaterialEditBody = z.infer<typeof materialEditBody>;

/** POST /api/materials/:id/review: the head of the subject group, then the principal. */
export const materialReviewBody = z.strictObject({
  version: z.number().check(z.int(), z.minimum(1)),
  decision: z.enum(['approve', 'return']),
  comment: z.optional(z.string().check(z.maxLength(4_000))),
});
export type MaterialReviewBody = z.infer<typeof materialReviewBody>;

/** POST /api/materials/:id/shares and POST /api/materials/:id/remind */
export const classBody = z.strictObject({ classId: id });

/** PUT /api/material-views/:viewId: the viewer's report while a material is open. */
export const viewProgressBody = z.strictObject({
  seconds: z.number().check(z.int(), z.minimum(0), z.maximum(86_400)),
  pageCount: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(5_000))),
  pages: z.optional(z.array(z.number().check(z.int())).check(z.maxLength(5_000))),
  watchedPermille: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1000))),
});
export type ViewProgressBody = z.infer<typeof viewProgressBody>;

/** PUT /api/staff/:userId/duties (admin). */
export const dutiesBody = z.strictObject({
  duties: z.array(z.strictObject({ duty: z.enum(['principal', 'subject_head']), subjectId: z.string().check(z.maxLength(64)) })).check(z.maxLength(50)),
});
export type DutiesBody = z.infer<typeof dutiesBody>;

export const versionState = z.enum(['draft', 'submitted', 'reviewed', 'approved', 'returned']);
export type VersionStateJson = z.infer<typeof versionState>;

export interface MaterialFileJson {
  fileName: string;
  size: number;
  mediaType: string;
  /** GET (and HEAD, Range) the bytes; `&inline=1` shows PDF, images, video and audio in the page. */
  url: string;
}

export interface MaterialVersionJson {
  version: number;
  kind: 'file' | 'link' | 'page';
  title: string;
  description: string;
  state: VersionStateJson;
  file: MaterialFileJson | null;
  url: string | null;
  body: string | null;
  createdAt: number;
}

export interface MaterialReviewJson {
  version: number;
  actorName: string;
  step: 'submitted' | 'head_approved' | 'head_returned' | 'principal_approved' | 'principal_returned' | 'imported';
  comment: string;
  at: number;
}

export interface MaterialJson {
  id: string;
  subjectId: string;
  subjectName: string;
  gradeId: string;
  gradeName: string;
  topic: string;
  ownerId: string;
  ownerName: string;
  source: 'school' | 'ministry' | 'province';
  latestVersion: number;
  approvedVersion: number | null;
  /** The state of the latest version. */
  state: VersionStateJson;
  title: string;
  updatedAt: number;
}

/** GET /api/materials/:id */
export interface MaterialDetailJson {
  material: MaterialJson;
  versions: MaterialVersionJson[];
  reviews: MaterialReviewJson[];
  canEdit: boolean;
  /** The caller may decide on the latest version now (head of the group, or principal). */
  canReview: boolean;
  /** Classes of the caller's (material's subject) it may be given to. */
  shareClasses: { id: string; name: string; shared: boolean }[];
}

/** GET /api/classes/:classId/materials (and the student's GET /api/my/materials) */
export interface ClassMaterialJson {
  id: string;
  subjectName: string;
  topic: string;
  version: MaterialVersionJson;
  sharedAt: number;
  opened: boolean;
  reminded: boolean;
}

/** GET /api/materials/:id/usage?classId= */
export interface UsageRowJson {
  studentId: string;
  code: string;
  displayName: string;
  opens: number;
  firstOpenedAt: number | null;
  lastSeenAt: number | null;
  seconds: number;
  pagesSeen: number;
  pageCount: number;
  watchedPermille: number;
  remindedAt: number | null;
}

/** GET /api/materials/meta: what the pages need to offer choices. */
export interface MaterialsMetaJson {
  subjects: { id: string; name: string }[];
  grades: { id: string; name: string }[];
  /** The caller's classes + subjects (teachers). */
  teaching: { classId: string; className: string; subjectId: string }[];
  /** The caller's class (students). */
  classId: string | null;
  principal: boolean;
  headOf: string[];
  canImport: boolean;
}

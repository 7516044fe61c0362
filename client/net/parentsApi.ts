/**
 * The parents' HTTP shapes for the client: the server's own zod/mini schemas (proto/http/parents.ts).
 * Only the parents' page, the announcement form and the parent import import this module.
 */
import { parentsHttp as schemas } from '../../proto/http/index.js';

export type ChildOverviewResponse = schemas.ChildOverviewResponse;
export type ChildLessonDto = schemas.ChildLessonDto;
export type AnnouncementDto = schemas.AnnouncementDto;
export type ParentImportPreviewDto = schemas.ParentImportPreviewDto;
export type ParentImportResultDto = schemas.ParentImportResultDto;

export const parseOverview = (v: unknown): ChildOverviewResponse => schemas.childOverviewResponse.parse(v);
export const parseAnnouncement = (v: unknown) => schemas.announcementResponse.parse(v).announcement;
export const parseImportPreview = (v: unknown): ParentImportPreviewDto => schemas.parentImportPreview.parse(v);
export const parseImportResult = (v: unknown): ParentImportResultDto => schemas.parentImportResult.parse(v);

/** GET /api/children (issue 8): a parent's children, or a student themself. */
export interface ChildDto {
  id: string;
  displayName: string;
  className: string | null;
}

export function parseChildren(v: unknown): ChildDto[] {
  const list = (v as { children?: unknown })?.children;
  if (!Array.isArray(list)) throw new Error('children: not a list');
  return list.map((c: { id?: unknown; displayName?: unknown; className?: unknown }) => {
    if (typeof c.id !== 'string' || typeof c.displayName !== 'string') throw new Error('child: bad shape');
    return { id: c.id, displayName: c.displayName, className: typeof c.className === 'string' ? c.className : null };
  });
}

/**
 * Parsers of the materials answers (proto/http/materials.ts: the types are the server's). Like
 * apiWork.ts, the top level of each answer is checked here and the schemas stay on the server,
 * so neither zod nor the shapes ride in the students' entry chunk.
 */
import type { materialsHttp as M } from '../../proto/http/index.js';
import { ApiShapeError } from './apiParse.js';

function parser<T>(fields: Readonly<Record<string, 'object' | 'array' | 'string' | 'number' | 'boolean'>>): (value: unknown) => T {
  return (value) => {
    if (typeof value !== 'object' || value === null) throw new ApiShapeError('answer: not an object');
    for (const [name, kind] of Object.entries(fields)) {
      const v = (value as Record<string, unknown>)[name];
      const ok = kind === 'array' ? Array.isArray(v) : kind === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === kind;
      if (!ok) throw new ApiShapeError(`${name}: expected ${kind}`);
    }
    return value as T;
  };
}

export const parseMeta = parser<M.MaterialsMetaJson>({ subjects: 'array', grades: 'array', teaching: 'array', principal: 'boolean', headOf: 'array', canImport: 'boolean' });
export const parseLibrary = parser<{ materials: M.MaterialJson[] }>({ materials: 'array' });
export const parseDetail = parser<M.MaterialDetailJson>({ material: 'object', versions: 'array', reviews: 'array', canEdit: 'boolean', canReview: 'boolean', shareClasses: 'array' });
export const parseClassMaterials = parser<{ materials: M.ClassMaterialJson[] }>({ materials: 'array' });
export const parseStudentMaterial = parser<{ id: string; subjectName: string; topic: string; version: M.MaterialVersionJson }>({ id: 'string', version: 'object' });
export const parseOpened = parser<{ viewId: string; version: number }>({ viewId: 'string', version: 'number' });
export const parseProgress = parser<{ seconds: number; pagesSeen: number; watchedPermille: number }>({ seconds: 'number' });
export const parseUsage = parser<{ rows: M.UsageRowJson[] }>({ rows: 'array' });
export const parseReminded = parser<{ reminded: number }>({ reminded: 'number' });
export const parseShared = parser<{ share: { classId: string; sharedAt: number } }>({ share: 'object' });

export type MaterialsMetaJson = M.MaterialsMetaJson;
export type MaterialJson = M.MaterialJson;
export type MaterialDetailJson = M.MaterialDetailJson;
export type MaterialVersionJson = M.MaterialVersionJson;
export type ClassMaterialJson = M.ClassMaterialJson;
export type UsageRowJson = M.UsageRowJson;
export type MaterialCreateBody = M.MaterialCreateBody;

/**
 * Parsers of the archive answers (proto/http/archive.ts: the types are the server's). The top
 * level of each answer is checked here; the schemas stay on the server (students' bundle).
 */
import type { archiveHttp as A } from '../../proto/http/index.js';
import { ApiShapeError } from './apiParse.js';

export type BundleViewJson = A.BundleViewJson;
export type ArchiveSettingsJson = A.ArchiveSettingsJson;
export type RetentionPlanJson = A.RetentionPlanJson;
export type RetentionDoneJson = A.RetentionDoneJson;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export type BundleListJson = A.BundleListJson;

export function parseBundleList(value: unknown): BundleListJson {
  if (!isObject(value) || !Array.isArray(value.bundles) || !Array.isArray(value.classes)) throw new ApiShapeError('bundles: expected a list');
  return value as BundleListJson;
}

export function parseBundle(value: unknown): { bundle: BundleViewJson } {
  if (!isObject(value) || !isObject(value.bundle) || typeof value.bundle.id !== 'string') throw new ApiShapeError('bundle: expected a bundle');
  return value as { bundle: BundleViewJson };
}

export function parseArchiveSettings(value: unknown): ArchiveSettingsJson {
  if (!isObject(value) || typeof value.recordingRetentionDays !== 'number' || typeof value.autoRecord !== 'boolean') throw new ApiShapeError('settings: expected archive settings');
  return value as ArchiveSettingsJson;
}

export function parseRetentionPlan(value: unknown): RetentionPlanJson {
  if (!isObject(value) || !Array.isArray(value.recordings) || !Array.isArray(value.lessons)) throw new ApiShapeError('retention: expected a plan');
  return value as RetentionPlanJson;
}

export function parseRetentionDone(value: unknown): RetentionDoneJson {
  if (!isObject(value) || typeof value.recordings !== 'number' || typeof value.lessons !== 'number') throw new ApiShapeError('retention: expected counts');
  return value as RetentionDoneJson;
}

export function parseNothing(): undefined {
  return undefined;
}

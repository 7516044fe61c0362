/**
 * Request bodies and queries checked with the schemas shared with the client (proto/http,
 * zod/mini), reported like json.ts reports the server-only ones.
 */
import { ValidationError } from '../../../platform/index.js';
import type { ApiRequest } from './ApiTypes.js';

interface MiniSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

function fail(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): never {
  const list = issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
  throw new ValidationError(list.map((i) => `${i.field}: ${i.message}`).join('; '), { details: { issues: list } });
}

export function sharedBody<T>(request: ApiRequest, schema: MiniSchema<T>): T {
  if (!/^application\/json\b/i.test(request.contentType)) throw new ValidationError('Send the body as application/json');
  let value: unknown;
  try {
    value = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new ValidationError('The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(parsed.error.issues);
  return parsed.data;
}

export function sharedQuery<T>(request: ApiRequest, schema: MiniSchema<T>): T {
  const parsed = schema.safeParse(Object.fromEntries(request.query));
  if (!parsed.success) fail(parsed.error.issues);
  return parsed.data;
}

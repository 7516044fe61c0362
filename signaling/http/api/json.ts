/**
 * Request bodies and queries validated by zod schemas, with every problem reported (conventions §7).
 * Any zod schema works: the full API's (server-only shapes) or zod/mini's (the shared shapes in
 * proto/http/, which the client parses answers with too).
 */
import { z } from 'zod';
import { ValidationError } from '../../../platform/index.js';
import type { ApiRequest } from './ApiTypes.js';

function fail(error: z.core.$ZodError): never {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), { details: { issues } });
}

export function jsonBody<S extends z.core.$ZodType>(request: ApiRequest, schema: S): z.core.output<S> {
  if (!/^application\/json\b/i.test(request.contentType)) throw new ValidationError('Send the body as application/json');
  let value: unknown;
  try {
    value = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new ValidationError('The body is not valid JSON');
  }
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}

export function queryParams<S extends z.core.$ZodType>(request: ApiRequest, schema: S): z.core.output<S> {
  const parsed = z.safeParse(schema, Object.fromEntries(request.query));
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}

/** Request bodies and queries validated by zod schemas, with every problem reported (conventions §7). */
import type { z } from 'zod';
import { ValidationError } from '../../../platform/index.js';
import type { ApiRequest } from './ApiTypes.js';

function fail(error: z.ZodError): never {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), { details: { issues } });
}

export function jsonBody<S extends z.ZodType>(request: ApiRequest, schema: S): z.output<S> {
  if (!/^application\/json\b/i.test(request.contentType)) throw new ValidationError('Send the body as application/json');
  let value: unknown;
  try {
    value = JSON.parse((request.body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new ValidationError('The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}

export function queryParams<S extends z.ZodType>(request: ApiRequest, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(request.query));
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}

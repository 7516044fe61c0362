import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from './errors.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `override` into `base` (objects recursively, everything else replaced). */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/**
 * Reads `CLASSROOM__A__B=value` environment variables as the override `{ a: { b: value } }`.
 * Path segments are camelCased from snake/upper case (`HTTP__PUBLIC_URL` -> http.publicUrl);
 * values are parsed as JSON when they parse, else kept as strings.
 */
export function envOverrides(env: NodeJS.ProcessEnv, prefix = 'CLASSROOM__'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const path = name
      .slice(prefix.length)
      .split('__')
      .map((seg) => seg.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    let value: Json;
    try {
      value = JSON.parse(raw) as Json;
    } catch {
      value = raw;
    }
    let node = out;
    path.forEach((seg, i) => {
      if (i === path.length - 1) node[seg] = value;
      else node = (node[seg] = isPlainObject(node[seg]) ? node[seg] : {}) as Record<string, unknown>;
    });
  }
  return out;
}

/** Formats zod issues as "path: message" lines for a start-up error a human can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/**
 * Parses a whole app config once: file (JSON, optional) <- env overrides, validated by `schema`
 * (which supplies the defaults and rejects unknown keys). Throws a ValidationError listing
 * every problem.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  sources: { file?: string; env?: NodeJS.ProcessEnv; overrides?: unknown },
): z.output<S> {
  let fromFile: unknown = {};
  if (sources.file) {
    try {
      fromFile = JSON.parse(readFileSync(sources.file, 'utf8'));
    } catch (cause) {
      throw new ValidationError(`cannot read config file ${sources.file}: ${(cause as Error).message}`, { cause });
    }
  }
  const merged = deepMerge(deepMerge(fromFile, sources.env ? envOverrides(sources.env) : {}), sources.overrides ?? {});
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw new ValidationError(`invalid configuration:\n${describeIssues(parsed.error)}`);
  return parsed.data;
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { envOverrides, loadConfig } from './config.js';

const schema = z
  .object({
    http: z.object({ port: z.number().int().default(8080), publicUrl: z.string().default('http://localhost') }).strict().default({ port: 8080, publicUrl: 'http://localhost' }),
  })
  .strict();

describe('config', () => {
  it('env overrides are camelCased paths with JSON values', () => {
    expect(envOverrides({ CLASSROOM__HTTP__PUBLIC_URL: 'https://x.vn', CLASSROOM__HTTP__PORT: '9000', OTHER: '1' })).toEqual({
      http: { publicUrl: 'https://x.vn', port: 9000 },
    });
  });

  it('loadConfig() applies defaults, then the environment', () => {
    expect(loadConfig(schema, { env: { CLASSROOM__HTTP__PORT: '9000' } })).toEqual({ http: { port: 9000, publicUrl: 'http://localhost' } });
  });

  it('loadConfig() rejects unknown keys and names them', () => {
    expect(() => loadConfig(schema, { overrides: { htp: {} } })).toThrow(ValidationError);
    expect(() => loadConfig(schema, { overrides: { http: { prot: 1 } } })).toThrow(/prot/);
  });
});

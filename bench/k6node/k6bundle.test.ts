import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInK6Sandbox, K6_DIR } from './k6bundle.js';

describe('k6 bundles', () => {
  it.each(readdirSync(join(K6_DIR, 'scenarios')).filter((f) => f.endsWith('.ts')))('%s loads in a sandbox with only what k6 has', async (file) => {
    expect(await checkInK6Sandbox(join(K6_DIR, 'scenarios', file))).toEqual([]);
  });

  it('the protobuf codec encodes and decodes there (TextDecoder polyfilled)', async () => {
    expect(await checkInK6Sandbox(join(K6_DIR, 'lib', 'codec.ts'), true)).toEqual([]);
  });

  it('a bundle that needs a Node global is refused', async () => {
    const problems = await checkInK6Sandbox(join(import.meta.dirname, '__fixtures__', 'usesBuffer.ts'));
    expect(problems.join()).toMatch(/Buffer/);
  });
});

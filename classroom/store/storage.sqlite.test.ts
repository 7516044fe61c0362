import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { describeStorageContract } from './contract/storageContract.js';
import { SqliteDatabase } from './SqliteDatabase.js';

const dir = mkdtempSync(join(tmpdir(), 'classroom-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storage contract: SQLite', () => {
  describeStorageContract({
    freshDatabase: async () => new SqliteDatabase({ file: join(dir, `t${++n}.sqlite`) }),
  });
});

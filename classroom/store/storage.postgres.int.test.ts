import { afterAll, beforeAll, describe } from 'vitest';
import { startPostgres, type TestPostgres } from '../../testkit/postgres.js';
import { describeStorageContract } from './contract/storageContract.js';
import { PostgresDatabase } from './PostgresDatabase.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

describe('storage contract: PostgreSQL', () => {
  describeStorageContract({
    freshDatabase: async () => {
      const db = new PostgresDatabase({ connectionString: server.connectionString, schema: server.newSchema(), poolSize: 4 });
      await db.ensureSchema();
      return db;
    },
  });
});

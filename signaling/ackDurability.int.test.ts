/**
 * What an Ack promises (issue 13.6): a request that changed the attendance record (turning a
 * microphone on, raising a hand...) is answered only once that record is stored. Proven on
 * PostgreSQL, where another session can hold the attendance table: the answer must wait for it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../testkit/postgres.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

let postgres: TestPostgres;
let server: TestServer;
let schema: string;

beforeAll(async () => {
  postgres = await startPostgres();
  schema = postgres.newSchema();
  server = await startTestServer({ storage: { engine: 'postgres', postgres: { connectionString: postgres.connectionString, schema } } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await postgres?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Ack after the attendance record is durable', () => {
  it("a media-state change is answered only once its attendance event is stored", async () => {
    const lessonId = server.demo?.lessonId ?? '';
    const token = server.links.mint({ lessonId, userId: 'ack-teacher', name: 'Cô Hạnh', role: 'teacher' });
    const client = await TestClient.connect(server.wsUrl);
    expect((await client.join({ joinToken: token })).body).toBe('join');
    const stored = async (kind: string) => (await server.services.storage.attendance.eventsForLesson(lessonId)).some((e) => e.userId === 'ack-teacher' && e.kind === kind);
    await until('the join event', () => stored('join'));

    // Another session holds the attendance table: the server's insert waits behind it.
    const blocker = new pg.Client({ connectionString: postgres.connectionString });
    await blocker.connect();
    try {
      await blocker.query(`SET search_path TO ${schema}`);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE attendance_events IN EXCLUSIVE MODE');
      const answer = client.request({ setMediaState: { micOn: true } });
      const early = await Promise.race([answer.then(() => 'answered'), sleep(700).then(() => 'still waiting')]);
      await blocker.query('COMMIT');
      expect(early).toBe('still waiting');
      expect((await answer).body).toBe('ack');
      expect(await stored('mic_on')).toBe(true);
    } finally {
      await blocker.end();
    }
    client.close();
  });
});

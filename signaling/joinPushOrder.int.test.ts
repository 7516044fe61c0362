/**
 * A joining client gets its JoinResponse before any push (docs/protocol.md "Requests, responses,
 * pushes"). The answer waits for the attendance commit; a change made by someone else meanwhile
 * is pushed to everyone bound to the lesson, the joiner included. Sent at once, that push reached
 * the page before the JoinResponse, and the page applied the (older) snapshot over it: after a
 * failover the teacher's queue lost a restored raised hand (e2e/failover.e2e.test.ts). Proven on
 * PostgreSQL, where another session holding the attendance table keeps the join's commit waiting
 * for as long as the test needs.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../testkit/postgres.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient, type ServerMessage } from '../testkit/wsClient.js';

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

const token = (userId: string, name: string, role: 'teacher' | 'student') => server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId, name, role });

/** The hand queue a page shows: the JoinResponse's snapshot, then each HandQueue push after it, in arrival order. */
function queueShown(received: readonly ServerMessage[]): string[] {
  let shown: string[] = [];
  for (const m of received) {
    if (m.join?.snapshot) shown = (m.join.snapshot.handQueue ?? []).map((e) => e.displayName ?? '');
    if (m.handQueue) shown = (m.handQueue.entries ?? []).map((e) => e.displayName ?? '');
  }
  return shown;
}

describe('the order a joining client sees', () => {
  it('a hand raised while a join waits for its commit is pushed after the JoinResponse, so the page shows it', async () => {
    const teacher = await TestClient.connect(server.wsUrl);
    expect((await teacher.join({ joinToken: token('order-teacher', 'Cô Hạnh', 'teacher') })).body).toBe('join');
    expect((await teacher.request({ updateSettings: { autoAdmit: true } })).body).toBe('ack');
    const student = await TestClient.connect(server.wsUrl);
    expect((await student.join({ joinToken: token('order-student', 'Em Bình', 'student') })).body).toBe('join');

    const blocker = new pg.Client({ connectionString: postgres.connectionString });
    await blocker.connect();
    const late = await TestClient.connect(server.wsUrl);
    try {
      await blocker.query(`SET search_path TO ${schema}`);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE attendance_events IN EXCLUSIVE MODE');
      // A second teacher joins (a co-teacher, or the teacher's page coming back after a move):
      // in the lesson at once, its answer held by the commit.
      const answer = late.join({ joinToken: token('order-teacher-2', 'Thầy Minh', 'teacher') });
      await teacher.waitForPush((m) => m.participantJoined?.participant?.displayName === 'Thầy Minh', 5_000, 'the late teacher in the lesson');
      // Meanwhile the student's hand goes up: pushed to everyone in the lesson now.
      const raised = student.request({ raiseHand: {} });
      await teacher.waitForPush((m) => (m.handQueue?.entries ?? []).some((e) => e.displayName === 'Em Bình'), 5_000, 'the hand pushed');
      expect(late.received).toEqual([]);
      await blocker.query('COMMIT');
      expect((await answer).body).toBe('join');
      expect((await raised).body).toBe('ack');
      await late.waitForPush((m) => m.handQueue !== null && m.handQueue !== undefined, 5_000, 'the hand after the answer');
      expect(late.received[0]?.body).toBe('join');
      expect(queueShown(late.received)).toEqual(['Em Bình']);
    } finally {
      await blocker.end();
      for (const c of [teacher, student, late]) c.close();
    }
  });
});

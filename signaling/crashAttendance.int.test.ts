/**
 * Issue 13.3: a crash must not inflate attendance. The real server process is SIGKILLed with a
 * teacher and two students in a lesson, then started again on the same data; one student comes
 * back, the other does not. Each presence that was open at the crash ends at the last moment the
 * server knew it was alive (its liveness mark, or a later fact of that participant), as a
 * disconnection; the student who came back has it recorded as a reconnection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { childServer, type ChildServer } from '../testkit/childServer.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { TestClient } from '../testkit/wsClient.js';
import { JoinLinks } from './auth/JoinLinks.js';
import { createServices } from './services.js';

const LINK_SECRET = 'crash-test-link-secret-0123456789abcdef';
const LIVENESS_MS = 400;
let dataDir: string;
let server: ChildServer;
let world: SchoolWorld;
const links = new JoinLinks(LINK_SECRET, systemClock, 3_600_000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-crash-'));
  const storage = await openStorage({ sqlite: { dataDir } });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: 2 });
  await storage.close();
  server = await childServer({ dataDir, auth: { linkSecret: LINK_SECRET }, lesson: { livenessIntervalMs: LIVENESS_MS } });
  await server.start();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joinAs(userId: string, role: 'teacher' | 'student', name: string): Promise<TestClient> {
  const client = await TestClient.connect(server.wsUrl);
  const answer = await client.join({ joinToken: links.mint({ lessonId: world.lessonA.id, userId, name, role }), micOn: true });
  if (answer.body !== 'join') throw new Error(`join of ${name}: ${answer.error?.message}`);
  return client;
}

interface Row {
  userId: string;
  presentNow: boolean;
  joinCount: number;
  presentMs: number;
  micOnMs: number;
  firstJoinAt: number | null;
  lastLeaveAt: number | null;
  lastLeaveReason: string | null;
}

describe('attendance after a crash (SIGKILL) and a restart', () => {
  it('closes every open presence at the last moment the server vouched for; a returning student has a reconnection', async () => {
    const [back, gone] = [world.studentsA[0]!, world.studentsA[1]!];
    const teacher = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    await teacher.request({ updateSettings: { autoAdmit: true } });
    await joinAs(back.userId, 'student', 'An');
    await joinAs(gone.userId, 'student', 'Bình');
    await sleep(3 * LIVENESS_MS);
    const crashedAt = Date.now();
    await server.crash();
    await sleep(2000);

    await server.start();
    // The teacher comes back and lets the class in again; one student returns, the other never does.
    const teacherAgain = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    await teacherAgain.request({ updateSettings: { autoAdmit: true } });
    const returned = await joinAs(back.userId, 'student', 'An');
    const teacherApi = await signedIn(server.httpUrl, world.teacherA);
    const table = async () => (await teacherApi.get<{ rows: Row[] }>(`/api/lessons/${world.lessonA.id}/attendance`)).json.rows;
    let rows = await table();
    for (let i = 0; i < 50 && rows.find((r) => r.userId === gone.userId)?.presentNow; i++) {
      await sleep(100);
      rows = await table();
    }
    const goneRow = rows.find((r) => r.userId === gone.userId)!;
    expect(goneRow).toMatchObject({ presentNow: false, joinCount: 1, lastLeaveReason: 'disconnected' });
    // Not after the crash, and not earlier than one liveness interval (plus scheduling slack) before it.
    expect(goneRow.lastLeaveAt!).toBeLessThanOrEqual(crashedAt);
    expect(goneRow.lastLeaveAt!).toBeGreaterThanOrEqual(crashedAt - LIVENESS_MS - 500);
    expect(goneRow.presentMs).toBe(goneRow.lastLeaveAt! - goneRow.firstJoinAt!);
    expect(goneRow.micOnMs).toBeLessThanOrEqual(goneRow.presentMs);
    await sleep(500);
    expect((await table()).find((r) => r.userId === gone.userId)?.presentMs).toBe(goneRow.presentMs);

    const backRow = rows.find((r) => r.userId === back.userId)!;
    expect(backRow, JSON.stringify(backRow)).toMatchObject({ presentNow: true, joinCount: 2 });
    const db = new BetterSqlite3(join(dataDir, 'classroom.sqlite'), { readonly: true });
    try {
      const events = db
        .prepare("SELECT kind, reason, at FROM attendance_events WHERE lesson_id = ? AND user_id = ? AND kind IN ('join', 'leave') ORDER BY at, seq")
        .all(world.lessonA.id, back.userId) as { kind: string; reason: string | null; at: number }[];
      expect(events.map((e) => [e.kind, e.reason])).toEqual([
        ['join', null],
        ['leave', 'disconnected'],
        ['join', null],
      ]);
      expect(events[1]!.at).toBeLessThanOrEqual(crashedAt);
      expect(events[2]!.at).toBeGreaterThan(crashedAt);
    } finally {
      db.close();
    }
    returned.close();
    teacherAgain.close();
  });
});

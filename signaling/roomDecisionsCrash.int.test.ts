/**
 * Issue 13.4: a restart must not forget the teacher's decisions. The real server process is
 * SIGKILLed right after the teacher's answers arrive (an answer promises the decision is stored),
 * then started again on the same data: the removed student stays out, the lock holds, the
 * student allowed to share the screen still may, and the students let in from the lobby come
 * back in without waiting there again (within the reconnection grace period).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../classroom/index.js';
import { DiskBlobStore, systemClock } from '../platform/index.js';
import { classroom } from '../proto/index.js';
import { childServer, type ChildServer } from '../testkit/childServer.js';
import { buildSchoolWorld, type SchoolWorld } from '../testkit/schoolWorld.js';
import { TestClient } from '../testkit/wsClient.js';
import { JoinLinks } from './auth/JoinLinks.js';
import { createServices } from './services.js';
import { CLOSE } from './ws/closeCodes.js';

const v1 = classroom.v1;
const LINK_SECRET = 'decisions-test-link-secret-0123456789abcdef';
let dataDir: string;
let server: ChildServer;
let world: SchoolWorld;
const links = new JoinLinks(LINK_SECRET, systemClock, 3_600_000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-decisions-'));
  const storage = await openStorage({ sqlite: { dataDir } });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: 4 });
  await storage.close();
  server = await childServer({ dataDir, auth: { linkSecret: LINK_SECRET }, lesson: { reconnectGraceMs: 60_000 } });
  await server.start();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function joinAs(userId: string, role: 'teacher' | 'student', name: string) {
  const client = await TestClient.connect(server.wsUrl);
  const answer = await client.join({ joinToken: links.mint({ lessonId: world.lessonA.id, userId, name, role }), micOn: false });
  return { client, answer };
}

describe('teacher decisions after a crash (SIGKILL) and a restart', () => {
  it('the removal, the lock, the screen-share permission and the lobby admissions survive', async () => {
    const [an, binh, chi, dung] = world.studentsA.map((s) => s.userId) as [string, string, string, string];
    const teacher = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    expect(teacher.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const waiting = [await joinAs(an, 'student', 'An'), await joinAs(binh, 'student', 'Bình'), await joinAs(chi, 'student', 'Chi')];
    for (const w of waiting) expect(w.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_WAITING);
    const ids = waiting.map((w) => w.answer.join!.participantId!);
    await teacher.client.waitForPush((m) => (m.lobbyUpdated?.entries?.length ?? 0) === 3);
    const acks = [
      await teacher.client.request({ admit: { participantIds: ids } }),
      await teacher.client.request({ setScreenSharePermission: { participantId: ids[1], allowed: true } }),
      await teacher.client.request({ removeParticipant: { participantId: ids[2], reason: 'Làm ồn' } }),
      await teacher.client.request({ updateSettings: { locked: true } }),
    ];
    expect(acks.map((a) => a.body)).toEqual(['ack', 'ack', 'ack', 'ack']);
    await server.crash();
    await server.start();

    const removed = await joinAs(chi, 'student', 'Chi');
    expect(removed.answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(await removed.client.waitForClose()).toBe(CLOSE.forbidden);
    const newcomer = await joinAs(dung, 'student', 'Dũng');
    expect(newcomer.answer.error?.code).toBe(v1.ErrorCode.ERROR_CODE_LESSON_LOCKED);
    expect(await newcomer.client.waitForClose()).toBe(CLOSE.lessonLocked);

    const teacherAgain = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    expect(teacherAgain.answer.join?.snapshot?.settings).toMatchObject({ locked: true, autoAdmit: false });
    const anBack = await joinAs(an, 'student', 'An');
    expect(anBack.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const binhBack = await joinAs(binh, 'student', 'Bình');
    expect(binhBack.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const sharing = (binhBack.answer.join?.snapshot?.participants ?? []).map((p) => [p.userId, p.canShareScreen ?? false]);
    expect(sharing).toEqual(expect.arrayContaining([[an, false], [binh, true]]));
    for (const c of [anBack, binhBack, teacherAgain, ...waiting, teacher]) c.client.close();
  });
});

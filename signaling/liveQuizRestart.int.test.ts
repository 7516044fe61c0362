/**
 * Issue 7: a live question open when the server dies comes back after the restart
 * (docs/protocol.md "Live quiz after a restart"). The real server process is SIGKILLed right
 * after a student's answer was acknowledged, then started again on the same data: the teacher
 * finds the same question with the same deadline and the answer already counted; the student who
 * answered sees their answer and cannot answer twice; another student answers as before.
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

const v1 = classroom.v1;
const LINK_SECRET = 'live-quiz-restart-link-secret-0123456789ab';
let dataDir: string;
let server: ChildServer;
let world: SchoolWorld;
const links = new JoinLinks(LINK_SECRET, systemClock, 3_600_000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-quiz-restart-'));
  const storage = await openStorage({ sqlite: { dataDir } });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: 2 });
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

describe('a live question across a server crash (SIGKILL) and restart', () => {
  it('comes back with its deadline and the acknowledged answers; nobody answers twice; the others still can', async () => {
    const [an, binh] = world.studentsA.map((s) => s.userId) as [string, string];
    const teacher = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    expect((await teacher.client.request({ updateSettings: { autoAdmit: true } })).ack).toBeTruthy();
    const anWs = await joinAs(an, 'student', 'An');
    expect(anWs.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    expect((await teacher.client.request({ startLiveQuiz: { poll: { text: 'Em hiểu bài chưa?', options: ['Rồi', 'Chưa'] }, durationSec: 300 } })).ack).toBeTruthy();
    const opened = await anWs.client.waitForPush((m) => !!m.liveQuizOpened, 5000, 'liveQuizOpened');
    const quiz = opened.liveQuizOpened!.quiz!;
    const [yes, no] = quiz.body!.options!.map((o) => o.id ?? '') as [string, string];
    const answer = (c: TestClient, choice: string) => c.request({ answerLiveQuiz: { quizId: quiz.id, answer: { kind: v1.LiveQuestionKind.LIVE_QUESTION_KIND_SINGLE_CHOICE, choice } } });
    expect((await answer(anWs.client, yes)).ack).toBeTruthy();

    await server.crash();
    anWs.client.close();
    teacher.client.close();
    await server.start();

    const teacherBack = await joinAs(world.teacherA.userId, 'teacher', 'Cô Hà');
    const restored = teacherBack.answer.join!.snapshot!.liveQuiz!;
    expect(restored.quiz).toMatchObject({ id: quiz.id, closesAtMs: quiz.closesAtMs, closedAtMs: expect.anything() });
    expect(Number(restored.quiz!.closedAtMs ?? 0)).toBe(0);
    expect(restored.quiz!.tally).toMatchObject({ answered: 1 });
    const anBack = await joinAs(an, 'student', 'An');
    const mine = anBack.answer.join!.snapshot!.liveQuiz!;
    expect(mine.quiz?.id).toBe(quiz.id);
    expect(mine.myAnswer?.choice).toBe(yes);
    expect((await answer(anBack.client, no)).error?.reason).toBe('already_answered');
    const binhWs = await joinAs(binh, 'student', 'Bình');
    expect(binhWs.answer.join!.snapshot!.liveQuiz!.quiz?.id).toBe(quiz.id);
    expect((await answer(binhWs.client, no)).ack).toBeTruthy();
    const tally = await teacherBack.client.waitForPush((m) => (m.liveQuizTally?.tally?.answered ?? 0) >= 2, 5000, 'tally of 2');
    expect(tally.liveQuizTally!.tally).toMatchObject({ answered: 2 });
    // The answer given before the crash is in the teacher's list, by student (their participant id changed).
    const who = (teacherBack.answer.join!.snapshot!.liveQuiz!.quiz!.answers ?? []).map((a) => a.userId);
    expect(who).toEqual([an]);
    for (const c of [teacherBack, anBack, binhWs]) c.client.close();
  }, 120_000);
});

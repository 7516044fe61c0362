/**
 * The live lesson's questions are kept with the lesson through a server restart on the same data
 * folder (issue 11, R13): the lesson's room on the new server shows each person what they saw
 * before (a hidden question to the teacher and its asker only), with upvotes and answered marks,
 * and an upvote from before still counts once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld, type WorldAccount } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient, type ServerMessage } from '../testkit/wsClient.js';

const dataDir = mkdtempSync(join(tmpdir(), 'classroom-qa-restart-'));
const settings = { demo: { enabled: false }, dataDir };
let server: TestServer | undefined;
let world: SchoolWorld;

beforeAll(async () => {
  server = await startTestServer(settings);
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Signed in once: the sessions are stored too, so the same cookies work on the new server.
const apis = new Map<string, ApiClient>();
async function connect(account: WorldAccount): Promise<{ client: TestClient; id: string; join: ServerMessage }> {
  if (!apis.has(account.userId)) apis.set(account.userId, await signedIn(server!.httpUrl, account));
  const api = apis.get(account.userId)!;
  const client = await TestClient.connect(server!.wsUrl, { cookie: api.cookie });
  const join = await client.join({ lessonId: world.lessonA.id });
  return { client, id: join.join?.participantId ?? '', join };
}

const listed = (m: ServerMessage) => (m.join?.snapshot?.questions?.questions ?? []).map((q) => ({ text: q.text, authorId: q.authorId, hidden: q.hiddenFromClassmates === true, upvotes: q.upvotes ?? 0, answered: q.answered === true }));

describe('lesson questions across a server restart', () => {
  it('come back from the data folder: each person sees what they saw, upvotes count once', async () => {
    const teacher = await connect(world.teacherA);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const [a, b] = [await connect(world.studentsA[0]!), await connect(world.studentsA[1]!)];
    expect((await a.client.request({ askQuestion: { text: 'Em hỏi riêng cô ạ', hiddenFromClassmates: true } })).ack).toBeTruthy();
    expect((await a.client.request({ askQuestion: { text: 'Vì sao x nhân 0 bằng 0?' } })).ack).toBeTruthy();
    const pub = (await b.client.waitForPush((m) => !!m.questionUpdated, 5000, 'public question')).questionUpdated!.question!;
    expect((await b.client.request({ upvoteQuestion: { questionId: pub.id! } })).ack).toBeTruthy();
    expect((await teacher.client.request({ markQuestionAnswered: { questionId: pub.id! } })).ack).toBeTruthy();
    await a.client.waitForPush((m) => m.questionUpdated?.question?.answered === true, 5000, 'answered');

    await server!.close();
    server = await startTestServer(settings);

    const teacher2 = await connect(world.teacherA);
    await teacher2.client.request({ updateSettings: { autoAdmit: true } });
    const [a2, b2] = [await connect(world.studentsA[0]!), await connect(world.studentsA[1]!)];
    const hidden = { text: 'Em hỏi riêng cô ạ', hidden: true, upvotes: 0, answered: false };
    const open = { text: 'Vì sao x nhân 0 bằng 0?', hidden: false, upvotes: 1, answered: true };
    // The teacher entered before the asker came back: the asker is still listed under the id of the old room.
    expect(listed(teacher2.join)).toEqual([
      { ...hidden, authorId: a.id },
      { ...open, authorId: a.id },
    ]);
    expect(listed(b2.join)).toEqual([{ ...open, authorId: a2.id }]);
    expect(listed(a2.join)).toEqual([
      { ...hidden, authorId: a2.id },
      { ...open, authorId: a2.id },
    ]);
    // The classmate's upvote from before the restart still counts: a second one changes nothing.
    expect((await b2.client.request({ upvoteQuestion: { questionId: pub.id! } })).ack).toBeTruthy();
    const again = await connect(world.teacherA);
    expect(listed(again.join).map((q) => q.upvotes)).toEqual([0, 1]);
  });
});

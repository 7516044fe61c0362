/**
 * The class Q&A pushed to open pages (R13, GET /api/qa/events) across two nodes sharing one
 * database and one Redis: the asker's page holds its stream on node B, a classmate answers and the
 * teacher accepts through node A; each reaches the asker's stream within two seconds, and a
 * stranger's stream hears nothing. A signed-out page gets 401.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classQaHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { startRedis, type TestRedis } from '../testkit/redis.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let world: SchoolWorld;
const dbDir = mkdtempSync(join(tmpdir(), 'classroom-qa-push-'));

/** An open event stream: the text so far, and a wait for a part of it. */
interface Stream {
  status: number;
  text(): string;
  until(part: string, ms: number): Promise<number>;
  close(): void;
}

async function openStream(base: string, cookie: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${base}${classQaHttp.QA_EVENTS_PATH}`, { headers: { cookie }, signal: abort.signal });
  let text = '';
  if (res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: res.status,
    text: () => text,
    until: async (part, ms) => {
      const t0 = Date.now();
      while (!text.includes(part)) {
        if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms: ${part}; got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return Date.now() - t0;
    },
    close: () => abort.abort(),
  };
}

beforeAll(async () => {
  redis = await startRedis();
  const shared = (name: string) => ({
    demo: { enabled: false },
    node: { id: name },
    cluster: { redisUrl: redis.url, nodeTtlMs: 3000, leaseTtlMs: 3000 },
    storage: { sqlite: { dataDir: dbDir } },
  });
  nodeA = await startTestServer(shared('node-a'));
  nodeB = await startTestServer(shared('node-b'));
  world = await buildSchoolWorld(nodeA.services, { studentsInA: 2 });
}, 120_000);

afterAll(async () => {
  await nodeB?.stop();
  await nodeA?.stop();
  await redis?.stop();
  rmSync(dbDir, { recursive: true, force: true });
});

describe('class Q&A pushes on two nodes', () => {
  it('an answer and an acceptance made on node A reach the asker’s open page on node B within 2 s; a stranger hears nothing', async () => {
    const login = (node: TestServer, who: SchoolWorld['teacherA']): Promise<ApiClient> => signedIn(node.httpUrl, who);
    const askerB = await login(nodeB, world.studentsA[0]!);
    const classmateA = await login(nodeA, world.studentsA[1]!);
    const teacherA = await login(nodeA, world.teacherA);
    const strangerB = await login(nodeB, world.studentB);
    const teacherStream = await openStream(nodeB.httpUrl, teacherA.cookie);
    const askerStream = await openStream(nodeB.httpUrl, askerB.cookie);
    const strangerStream = await openStream(nodeB.httpUrl, strangerB.cookie);
    try {
      expect([askerStream.status, strangerStream.status, teacherStream.status]).toEqual([200, 200, 200]);
      await askerStream.until('retry:', 2000);

      const asked = await askerB.post(`/api/classes/${world.classA}/subjects/${world.subjectId}/questions`, { body: 'Vì sao $a^0 = 1$?' });
      const q = classQaHttp.questionResponse.parse(asked.json).question;
      expect(await teacherStream.until(`{"questionId":"${q.id}","kind":"asked"}`, 2000)).toBeLessThan(2000);

      const answered = await classmateA.post(`/api/qa/questions/${q.id}/answers`, { body: 'Vì $a^n / a^n = 1$' });
      const a = classQaHttp.answerResponse.parse(answered.json).answer;
      expect(await askerStream.until(`{"questionId":"${q.id}","kind":"answered"}`, 2000)).toBeLessThan(2000);
      expect((await teacherA.post(`/api/qa/questions/${q.id}/accept`, { answerId: a.id })).status).toBe(204);
      expect(await askerStream.until(`{"questionId":"${q.id}","kind":"accepted"}`, 2000)).toBeLessThan(2000);
      // What the push said to look at is there through the authorized route.
      expect(classQaHttp.notificationsResponse.parse((await askerB.get('/api/qa/notifications')).json).unread).toBe(2);

      await new Promise((r) => setTimeout(r, 200));
      expect(strangerStream.text()).not.toContain('event: qa');
    } finally {
      for (const s of [askerStream, strangerStream, teacherStream]) s.close();
    }
    const anonymous = await fetch(`${nodeB.httpUrl}${classQaHttp.QA_EVENTS_PATH}`);
    expect(anonymous.status).toBe(401);
  });
});

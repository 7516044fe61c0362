/**
 * Two nodes sharing Redis and one database: a lesson is hosted by one node at a time, a client
 * reaching the other node is redirected to it by name (docs/cluster.md "Routing"), and when the
 * owner drains and stops, the lesson can start again elsewhere (T4, T6). Crashes, probes and
 * tickets: clusterFailover.int.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../proto/index.js';
import { startRedis, type TestRedis } from '../testkit/redis.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

const v1 = classroom.v1;
let redis: TestRedis;
let nodeA: TestServer;
let nodeB: TestServer;
let world: SchoolWorld;
const dbDir = mkdtempSync(join(tmpdir(), 'classroom-shared-db-'));

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
  world = await buildSchoolWorld(nodeA.services);
}, 120_000);

afterAll(async () => {
  await nodeB?.stop();
  await nodeA?.stop();
  await redis?.stop();
  rmSync(dbDir, { recursive: true, force: true });
});

describe('two nodes', () => {
  it('the node that opened a lesson hosts it; the other redirects there by name; after the owner stops, it moves', async () => {
    const teacher = await signedIn(nodeA.httpUrl, world.teacherA);
    const onA = await TestClient.connect(nodeA.wsUrl, { cookie: teacher.cookie });
    expect((await onA.join({ lessonId: world.lessonA.id })).join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);

    const onB = await TestClient.connect(nodeB.wsUrl, { cookie: teacher.cookie });
    const redirected = await onB.join({ lessonId: world.lessonA.id });
    expect(redirected.body).toBe('redirect');
    expect(redirected.redirect?.node).toBe('node-a');
    onB.close();

    await nodeA.stop();
    expect(await onA.waitForClose()).toBe(4503);
    const again = await TestClient.connect(nodeB.wsUrl, { cookie: teacher.cookie });
    expect((await again.join({ lessonId: world.lessonA.id })).join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    again.close();
  });
});

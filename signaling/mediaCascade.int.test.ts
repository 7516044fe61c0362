/**
 * The cascade through the real signaling (docs/sfu.md "Cascade"): a lesson on a server with 2
 * mediasoup workers and a per-worker capacity of 2 consumers, so that the second student is
 * placed on the other worker. Killing that worker sends MediaReset to that student only; it sets
 * up its media again (as the page does) on a live worker while the others keep receiving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LessonBot } from '../testkit/lessonBot.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

describe('a lesson spread over two media workers', () => {
  let server: TestServer;
  let teacher: LessonBot;
  let near: LessonBot;
  let far: LessonBot;
  const bots: LessonBot[] = [];
  const token = (role: 'teacher' | 'student', userId: string, name: string) =>
    server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId, name, role });

  beforeAll(async () => {
    server = await startTestServer({ media: { instances: 2, mediasoup: { workerCapacity: 2 } } });
    teacher = await LessonBot.join(server.wsUrl, token('teacher', 't1', 'Cô Mai'), { publish: true });
    near = await LessonBot.join(server.wsUrl, token('student', 's1', 'Lê An'), { publish: false });
    await near.waitFlowing(teacher.participantId, 'camera');
    far = await LessonBot.join(server.wsUrl, token('student', 's2', 'Vũ Bình'), { publish: false });
    bots.push(teacher, near, far);
  }, 120_000);

  afterAll(async () => {
    for (const b of bots) b.close();
    await server?.stop();
  });

  it('a MediaReset reaches only the students of a worker that died; they get media back, the others never stop', async () => {
    const lesson = server.demo?.lessonId ?? '';
    const origin = server.engine.instanceOfPeer(lesson, teacher.participantId);
    const other = server.engine.instanceOfPeer(lesson, far.participantId);
    expect(server.engine.instanceOfPeer(lesson, near.participantId)).toBe(origin);
    expect(other).toBeDefined();
    expect(other).not.toBe(origin);
    await far.waitFlowing(teacher.participantId, 'camera');
    await far.waitFlowing(teacher.participantId, 'microphone');

    const killedAt = Date.now();
    process.kill(server.engine.instancePids()[other ?? ''] ?? 0, 'SIGKILL');
    await far.client.waitForPush((m) => m.mediaReset !== null && m.mediaReset !== undefined, 10_000, 'MediaReset');
    await far.waitFlowing(teacher.participantId, 'camera', 10_000);
    await far.waitFlowing(teacher.participantId, 'microphone', 10_000);
    const backMs = Date.now() - killedAt;
    expect(backMs).toBeLessThan(10_000);
    expect(await near.packetsDuring(teacher.participantId, 'camera', 1_000)).toBeGreaterThan(5);
    for (const b of [teacher, near]) expect(b.client.pushes.filter((m) => m.mediaReset)).toEqual([]);
    expect(server.engine.instanceOfPeer(lesson, far.participantId)).toBeDefined();
    console.info(`cascade through signaling: the far student decodes again ${backMs} ms after its worker was killed`);
    for (const b of bots) expect(b.errors).toEqual([]);
  });
});

/**
 * A lesson bigger than its node, through the real signaling (docs/cluster.md "One lesson over
 * several nodes"): two server processes sharing PostgreSQL and Redis, one mediasoup worker each
 * carrying at most 2 consumers (`workerCapacity`), overflow allowed (`media.edges.enabled`). The
 * teacher and the first student receive on the owner; the next student's receiving side is
 * placed on the other node (its receive transport's candidates carry that node's media port),
 * which gets the teacher's streams through the node pipe; a third student finds that node full
 * too and stays on the owner. Everyone decodes the teacher, and the teacher decodes the student
 * who receives on the edge (its camera is published on the owner). SIGKILL of the edge: only that
 * student gets MediaReset and is placed again (on the owner: no other node), while the owner's
 * students never stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LessonBot } from '../testkit/lessonBot.js';
import { startNodeCluster, type NodeCluster } from '../testkit/nodeCluster.js';

let cluster: NodeCluster;
const bots: LessonBot[] = [];

beforeAll(async () => {
  cluster = await startNodeCluster({
    nodes: 2,
    studentsInA: 3,
    config: { media: { instances: 1, mediasoup: { listenIp: '127.0.0.1', workerCapacity: 2 }, edges: { enabled: true, pipeIp: '127.0.0.1' } } },
  });
}, 180_000);
afterAll(async () => {
  for (const b of bots) b.close();
  await cluster?.stop();
});

const wsOf = (name: string) => cluster.nodes.get(name)?.wsUrl ?? '';

function tokenOf(i: number | 'teacher'): string {
  const w = cluster.world;
  const account = i === 'teacher' ? w.teacherA : w.studentsA[i];
  if (!account) throw new Error(`no student ${i}`);
  return cluster.links.mint({ lessonId: w.lessonA.id, userId: account.userId, name: account.displayName, role: i === 'teacher' ? 'teacher' : 'student' });
}

async function join(who: number | 'teacher', publish: boolean): Promise<LessonBot> {
  const bot = await LessonBot.join(wsOf('node-1'), tokenOf(who), { publish });
  bots.push(bot);
  return bot;
}

describe('a lesson whose audience spills onto another node', () => {
  it('students receiving on the edge and on the owner decode the teacher; the edge dies, its student is placed again, the others never stop', async () => {
    const teacher = await join('teacher', true);
    expect(await cluster.ownerOf(cluster.world.lessonA.id)).toBe('node-1');
    expect((await teacher.client.request({ updateSettings: { autoAdmit: true } })).body).toBe('ack');
    const ownerPort = teacher.transport.recvPorts[0];
    const near = await join(0, false);
    await near.waitFlowing(teacher.participantId, 'camera', 20_000);
    // The owner's only worker is full now: the next student receives on node-2.
    const far = await join(1, true);
    await far.waitFlowing(teacher.participantId, 'camera', 20_000);
    await far.waitFlowing(teacher.participantId, 'microphone', 20_000);
    const third = await join(2, false);
    await third.waitFlowing(teacher.participantId, 'camera', 20_000);

    expect(near.transport.recvPorts).toEqual([ownerPort, ownerPort]);
    expect(far.transport.recvPorts[0]).not.toBe(ownerPort);
    // node-2 was full after one student (the same limit there): the third one stays on the owner.
    expect(third.transport.recvPorts[0]).toBe(ownerPort);
    // What the edge's student publishes is published on the owner: the teacher decodes it.
    await teacher.waitFlowing(far.participantId, 'camera', 20_000);
    await third.waitFlowing(far.participantId, 'camera', 20_000);

    const killedAt = Date.now();
    await cluster.nodes.get('node-2')?.crash();
    await far.client.waitForPush((m) => m.mediaReset !== null && m.mediaReset !== undefined, 20_000, 'MediaReset');
    await far.waitFlowing(teacher.participantId, 'camera', 20_000);
    await far.waitFlowing(teacher.participantId, 'microphone', 20_000);
    const backMs = Date.now() - killedAt;
    expect(far.transport.recvPorts[0]).toBe(ownerPort);
    for (const b of [near, third]) expect(await b.packetsDuring(teacher.participantId, 'camera', 1_000)).toBeGreaterThan(5);
    for (const b of [teacher, near, third]) expect(b.client.pushes.filter((m) => m.mediaReset)).toEqual([]);
    await teacher.waitFlowing(far.participantId, 'camera', 20_000);
    console.info(`edge overflow: the edge's student decodes again ${backMs} ms after its node was killed`);
    for (const b of bots) expect(b.errors).toEqual([]);
  }, 180_000);
});
